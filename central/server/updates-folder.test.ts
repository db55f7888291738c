import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startCentral } from './embedded';
import { FAST_HASH } from './testkit';

const dir = mkdtempSync(join(tmpdir(), 'central-updates-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A raw request: the path goes out exactly as written (fetch would resolve the `..` itself). */
function raw(url: string, path: string, method = 'GET'): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((done, fail) => {
    const req = request({ hostname, port, path, method, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => done({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', fail);
    req.end();
  });
}

describe("the central's update folder", () => {
  it('serves the releases read-only to anyone, and nothing outside the folder', async () => {
    const folder = join(dir, 'releases');
    mkdirSync(folder);
    writeFileSync(join(folder, 'latest-linux.yml'), 'version: 1.4.2\n');
    // beside the folder, where a traversal would land: the central's own data
    writeFileSync(join(dir, 'central.db'), 'SECRET-DATA');
    const central = await startCentral({
      port: 0,
      activationTtlSeconds: 180,
      hashParams: FAST_HASH,
      updatesDir: folder,
    });
    try {
      // a kiosk's updater asks with no kiosk signature: the feed is public, its signature is the trust
      expect(await raw(central.url, '/updates/latest-linux.yml')).toEqual({ status: 200, body: 'version: 1.4.2\n' });
      expect((await raw(central.url, '/updates/latest-linux.yml', 'HEAD')).status).toBe(200);
      for (const path of [
        '/updates/../central.db',
        '/updates/%2e%2e/central.db',
        '/updates/..%2fcentral.db',
        '/updates/%2e%2e%2fcentral.db',
        '/updates//etc/passwd',
        '/updates/..\\central.db',
      ]) {
        const answer = await raw(central.url, path);
        // refused as not found (or as a malformed request): never the file, never a 5xx
        expect([path, answer.status === 404 || answer.status === 400]).toEqual([path, true]);
        expect(answer.body).not.toContain('SECRET-DATA');
      }
      expect((await raw(central.url, '/updates/latest-linux.yml', 'PUT')).status).toBe(404);
      expect((await raw(central.url, '/updates/missing.AppImage')).status).toBe(404);
    } finally {
      await central.close();
    }
  });

  it('does not exist unless a folder is given', async () => {
    const central = await startCentral({ port: 0, activationTtlSeconds: 180, hashParams: FAST_HASH });
    try {
      expect((await raw(central.url, '/updates/latest-linux.yml')).status).toBe(404);
    } finally {
      await central.close();
    }
  });
});
