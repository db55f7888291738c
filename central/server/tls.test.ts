import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { get as httpsGet } from 'node:https';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startCentral } from './embedded';
import { FAST_HASH } from './testkit';

const DEMO = resolve(import.meta.dirname, '../../resources/seed/demo-seed.json');
const dir = mkdtempSync(join(tmpdir(), 'central-tls-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A throwaway self-signed certificate for 127.0.0.1, as an office would install its own. */
function certificate(): { cert: string; key: string } {
  const [certFile, keyFile] = [join(dir, 'cert.pem'), join(dir, 'key.pem')];
  execFileSync(
    'openssl',
    // prettier-ignore
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1',
      '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', keyFile, '-out', certFile],
    { stdio: 'ignore', input: '' },
  );
  return { cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8') };
}

/** GET over HTTPS trusting only `ca`; the status, or the error's code. */
function getHttps(url: string, ca: string): Promise<number | string> {
  return new Promise((done) => {
    httpsGet(url, { ca }, (res) => {
      res.resume();
      done(res.statusCode ?? 0);
    }).on('error', (error: NodeJS.ErrnoException) => done(error.code ?? error.message));
  });
}

function getHttp(url: string): Promise<number | string> {
  return new Promise((done) => {
    httpGet(url, (res) => {
      res.resume();
      done(res.statusCode ?? 0);
    }).on('error', (error: NodeJS.ErrnoException) => done(error.code ?? error.message));
  });
}

describe('the central over HTTPS', () => {
  it('serves TLS with the certificate it is given; plain HTTP and an untrusted certificate get nothing', async () => {
    const tls = certificate();
    const central = await startCentral({
      port: 0,
      seedFile: DEMO,
      activationTtlSeconds: 180,
      hashParams: FAST_HASH,
      tls,
    });
    try {
      expect(central.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      // the activation link the central mails points at its HTTPS address
      expect(central.publicUrl).toBe(central.url);
      expect(await getHttps(`${central.url}/health`, tls.cert)).toBe(200);
      // a client that does not trust this certificate refuses it (no silent downgrade of trust)
      expect(await getHttps(`${central.url}/health`, certificate().cert)).toMatch(/CERT|SELF_SIGNED|UNABLE/);
      // the same port never answers in clear text
      expect(await getHttp(central.url.replace('https:', 'http:') + '/health')).not.toBe(200);
    } finally {
      await central.close();
    }
  });
});
