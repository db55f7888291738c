import { extname, join, normalize, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { securityHeaders } from '../core/security-headers';

/**
 * Privileges of app:// (checklist #18: a custom protocol instead of file://). `standard` and
 * `secure` give it an origin and a secure context; nothing here bypasses the CSP, enables CORS
 * or service workers, or lets it stream arbitrary media.
 */
export const APP_SCHEME_PRIVILEGES = { standard: true, secure: true, supportFetchAPI: true } as const;

/** Maps app://kiosk/<path> to a file of the built renderer; null when it would escape the folder. */
export function resolveAppFile(rendererDir: string, requestUrl: string): string | null {
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(requestUrl).pathname);
  } catch {
    return null;
  }
  if (pathname === '/' || pathname === '') pathname = '/index.html';
  if (pathname.includes('\0')) return null;
  const file = normalize(join(rendererDir, pathname));
  const root = rendererDir.endsWith(sep) ? rendererDir : rendererDir + sep;
  return file.startsWith(root) && extname(file) !== '' ? file : null;
}

export type AppProtocolDeps = {
  rendererDir: string;
  fileExists(path: string): boolean;
  /** Electron's net.fetch of a file:// URL in production; a fake in tests */
  fetchFile(fileUrl: string): Promise<Response>;
};

/**
 * The app:// handler: only files of the built renderer, only GET/HEAD, and every response
 * carries the same CSP and security headers as the web host (electron/core/security-headers.ts,
 * checklist #7), so the policy does not depend on a meta tag in the page.
 */
export function createAppProtocolHandler(deps: AppProtocolDeps) {
  const withHeaders = (body: BodyInit | null, status: number, base?: Headers) => {
    const headers = new Headers(base);
    for (const [name, value] of Object.entries(securityHeaders)) headers.set(name, value);
    return new Response(body, { status, headers });
  };
  return async (request: { url: string; method: string }): Promise<Response> => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return withHeaders('Method not allowed', 405);
    const file = resolveAppFile(deps.rendererDir, request.url);
    if (!file || !deps.fileExists(file)) return withHeaders('Not found', 404);
    const response = await deps.fetchFile(pathToFileURL(file).toString());
    return withHeaders(response.body, response.status, response.headers);
  };
}
