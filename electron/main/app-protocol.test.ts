import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../core/security-headers';
import { APP_SCHEME_PRIVILEGES, createAppProtocolHandler } from './app-protocol';
import { seriousCspFindings } from './testing/csp-evaluator';

const rendererDir = '/app/out/renderer';
const files = new Set([`${rendererDir}/index.html`, `${rendererDir}/assets/index.js`]);

function handler() {
  const fetched: string[] = [];
  const handle = createAppProtocolHandler({
    rendererDir,
    fileExists: (p) => files.has(p),
    fetchFile: async (url) => {
      fetched.push(url);
      return new Response('<html></html>', {
        status: 200,
        headers: { 'content-type': 'text/html', 'content-security-policy': 'default-src *' },
      });
    },
  });
  return { handle, fetched };
}

describe('app:// protocol handler (checklist #18, #7)', () => {
  it('serves files of the renderer with the shared CSP and security headers, replacing any other CSP', async () => {
    const { handle, fetched } = handler();
    const response = await handle({ url: 'app://kiosk/', method: 'GET' });
    expect(response.status).toBe(200);
    expect(fetched).toEqual(['file:///app/out/renderer/index.html']);
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-type')).toBe('text/html');
  });

  it('answers 404 with the CSP for missing files and escapes, 405 for other methods, never fetching', async () => {
    const { handle, fetched } = handler();
    for (const url of [
      'app://kiosk/missing.js',
      'app://kiosk/%2e%2e/main/index.js',
      'app://kiosk/..%2f..%2fetc%2fpasswd',
    ]) {
      const response = await handle({ url, method: 'GET' });
      expect(response.status, url).toBe(404);
      expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    }
    expect((await handle({ url: 'app://kiosk/index.html', method: 'POST' })).status).toBe(405);
    expect(fetched).toEqual([]);
  });

  it('registers app:// without privileges that would weaken the page', () => {
    expect(APP_SCHEME_PRIVILEGES).toEqual({ standard: true, secure: true, supportFetchAPI: true });
    expect(Object.keys(APP_SCHEME_PRIVILEGES)).not.toContain('bypassCSP');
  });
});

describe('the CSP served everywhere (checklist #7)', () => {
  const directives = new Map(
    CONTENT_SECURITY_POLICY.split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([name = '', ...values]) => [name, values]),
  );

  it("is 'self' by default, without unsafe-eval, remote origins or wildcards", () => {
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|wasm-unsafe-eval|https?:|\*|ws:|wss:/);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
  });

  it('has no HIGH or MEDIUM finding from the evaluator electronegativity itself uses', () => {
    expect(seriousCspFindings(CONTENT_SECURITY_POLICY)).toEqual([]);
    // and the evaluator does flag a weak policy, so the empty list above means something
    expect(seriousCspFindings("default-src *; script-src 'self' 'unsafe-eval' https:").length).toBeGreaterThan(0);
  });
});
