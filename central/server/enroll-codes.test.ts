import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createCentralClient } from '../client';
import { signRequest, type KioskIdentity } from '../kiosk-auth';
import { startCentral } from './embedded';
import { ENROLL_CODE_TTL_MS, issueEnrollCode } from './enroll-codes';
import { FAST_HASH, createHarness, newIdentity, TEST_ENROLL_CODE, type Harness } from './testkit';

const ROOT = resolve(import.meta.dirname, '../..');
let h: Harness;
let open = false;
// closed once: the test of the CLI opens no harness of its own
afterEach(async () => {
  if (open) await h.close();
  open = false;
});
const harness = async () => {
  h = await createHarness();
  open = true;
};
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function enroll(who: KioskIdentity, code: string, as: KioskIdentity = who): Promise<number> {
  const path = '/api/v1/kiosks/enroll';
  const text = JSON.stringify({ kioskId: who.kioskId, publicKey: who.publicKey, code });
  const authorization = await signRequest(as, { method: 'POST', path, body: text }, h.clock.t);
  const res = await h.app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization },
    body: text,
  });
  return res.status;
}

describe('one-time enrollment codes', () => {
  it('enroll the one kiosk id they were issued for, once, within a day', async () => {
    await harness();
    const { code, expiresAt } = await issueEnrollCode(h.deps, 'KIOSCO-07');
    expect(code).toMatch(/^[2-9A-HJKMNP-TV-Z]{4}(-[2-9A-HJKMNP-TV-Z]{4}){3}$/);
    expect(expiresAt).toBe(h.clock.t + ENROLL_CODE_TTL_MS);
    // the code is for KIOSCO-07: another id cannot use it, and that attempt does not spend it
    expect(await enroll(newIdentity('KIOSCO-08'), code)).toBe(401);
    const kiosk = newIdentity('KIOSCO-07');
    // signed by another key than the one enrolled: refused, and the code is not burned
    expect(await enroll(kiosk, code, newIdentity('KIOSCO-07'))).toBe(401);
    // typed as a technician might: lower case, without dashes
    expect(await enroll(kiosk, code.replace(/-/g, '').toLowerCase())).toBe(200);
    const lookup = await h.call('/api/v1/identity/lookup', { idType: 'cedula', id: '1710034065' }, {}, kiosk);
    expect(lookup.status).toBe(200);
    // spent: a second kiosk holding the same id and code gets nothing
    expect(await enroll(newIdentity('KIOSCO-07'), code)).toBe(401);
    // only the digest is kept, and the issue is audited
    const rows = await h.store.db.selectFrom('enroll_code').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(code.replace(/-/g, ''));
    const audit = await h.store.db.selectFrom('audit').select(['action', 'subject']).execute();
    expect(audit).toContainEqual({ action: 'kiosk.enroll_code_issued', subject: 'KIOSCO-07' });
  });

  it('an expired code enrolls nothing; the office code still works beside them', async () => {
    await harness();
    const { code } = await issueEnrollCode(h.deps, 'KIOSCO-09');
    h.clock.t += ENROLL_CODE_TTL_MS;
    expect(await enroll(newIdentity('KIOSCO-09'), code)).toBe(401);
    expect(await enroll(newIdentity('KIOSCO-10'), 'a-guessed-code')).toBe(401);
    expect(await enroll(newIdentity('KIOSCO-10'), TEST_ENROLL_CODE)).toBe(200);
  });

  it('two kiosks racing with one code: exactly one enrolls', async () => {
    await harness();
    const { code } = await issueEnrollCode(h.deps, 'KIOSCO-11');
    const statuses = await Promise.all(Array.from({ length: 6 }, () => enroll(newIdentity('KIOSCO-11'), code)));
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
  });

  it('`npm run central -- enroll-code <id>` prints a code the running central accepts, once', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'central-enroll-'));
    dirs.push(dataDir);
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', CENTRAL_DATA_DIR: dataDir };
    // the central starts first and keeps running while the code is written into its database
    const central = await startCentral({
      port: 0,
      dataFile: join(dataDir, 'central.db'),
      activationTtlSeconds: 180,
      hashParams: FAST_HASH,
    });
    try {
      const cli = (...args: string[]) =>
        spawnSync(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'central/cli.ts', ...args], {
          cwd: ROOT,
          env,
          encoding: 'utf8',
        });
      const printed = cli('enroll-code', 'KIOSCO-12');
      expect(printed.status).toBe(0);
      const code = /Enrollment code for KIOSCO-12: (\S+)/.exec(printed.stdout)?.[1] ?? '';
      expect(code).toMatch(/^[2-9A-Z]{4}-/);
      const kiosk = newIdentity('KIOSCO-12');
      const client = createCentralClient({ baseUrl: central.url, identity: kiosk });
      const body = { kioskId: kiosk.kioskId, publicKey: kiosk.publicKey, code };
      expect(await client.call('enroll', body)).toEqual({ ok: true, value: { enrolled: true } });
      const again = newIdentity('KIOSCO-12');
      const reuse = await createCentralClient({ baseUrl: central.url, identity: again }).call('enroll', {
        ...body,
        publicKey: again.publicKey,
      });
      expect(reuse.ok).toBe(false);
      // a bad id, and a central with nowhere to keep the code, are refused with what to fix
      expect(cli('enroll-code', 'no spaces').status).toBe(2);
      const memory = spawnSync(
        process.execPath,
        [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'central/cli.ts', 'enroll-code', 'KIOSCO-13'],
        { cwd: ROOT, env: { PATH: env.PATH, HOME: env.HOME }, encoding: 'utf8' },
      );
      expect([memory.status, memory.stderr]).toEqual([2, expect.stringContaining('CENTRAL_DATA_DIR')]);
    } finally {
      await central.close();
    }
  });
});
