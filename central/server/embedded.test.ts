import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createCentralClient } from '../client';
import { startCentral } from './embedded';
import { FAST_HASH, newIdentity } from './testkit';

const ROOT = resolve(import.meta.dirname, '../..');
const DEMO = join(ROOT, 'resources/seed/demo-seed.json');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('startCentral', () => {
  it('serves the demo seed on 127.0.0.1 through the typed client', async () => {
    const kiosk = newIdentity('KIOSCO-01');
    const central = await startCentral({
      port: 0,
      seedFile: DEMO,
      activationTtlSeconds: 180,
      hashParams: FAST_HASH,
      kiosks: [{ id: kiosk.kioskId, publicKey: kiosk.publicKey }],
    });
    try {
      expect(central.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(central.publicUrl).toBe(central.url);
      expect((await fetch(`${central.url}/health`)).status).toBe(200);
      const client = createCentralClient({ baseUrl: central.url, identity: kiosk });
      expect(await client.call('lookup', { idType: 'cedula', id: '1714307103' })).toEqual({
        ok: true,
        value: { found: true, hasPassword: false, locked: false, attemptsLeft: 5 },
      });
      expect(await client.call('lookup', { idType: 'foreigner', id: 'EX20240158' })).toMatchObject({
        ok: true,
        value: { found: true },
      });
      expect(await client.call('portalLogin', { id: '1710034065', password: 'Cotopaxi2024' })).toEqual({
        ok: true,
        value: { ok: true },
      });
      expect(await client.call('portalLogin', { id: '1710034065', password: 'Cotopaxi2025' })).toMatchObject({
        ok: false,
        failure: { kind: 'rejected', status: 401 },
      });
      const locked = await client.call('challenge', { idType: 'cedula', id: '0901234567', intent: 'recover' });
      expect(locked).toMatchObject({ ok: false, failure: { kind: 'rejected', status: 423, error: 'locked' } });
      const catalogs = await client.catalogs();
      expect(catalogs.ok && !catalogs.value.notModified && catalogs.value.etag).toBeTruthy();
    } finally {
      await central.close();
    }
  });

  it('keeps its data in dataFile across restarts and refuses a broken seed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'central-'));
    dirs.push(dir);
    const dataFile = join(dir, 'central.db');
    const kiosk = newIdentity('KIOSCO-01');
    const first = await startCentral({
      port: 0,
      dataFile,
      seedFile: DEMO,
      activationTtlSeconds: 180,
      publicUrl: 'https://iess.example/',
      hashParams: FAST_HASH,
      enrollCode: 'code-for-this-test',
    });
    // enrollment over HTTP with the technician's code; the key is proved by the signed request
    expect(
      await createCentralClient({ baseUrl: first.url, identity: kiosk }).call('enroll', {
        kioskId: kiosk.kioskId,
        publicKey: kiosk.publicKey,
        code: 'wrong-code-123',
      }),
    ).toMatchObject({ ok: false, failure: { status: 401 } });
    expect(
      await createCentralClient({ baseUrl: first.url, identity: kiosk }).call('enroll', {
        kioskId: kiosk.kioskId,
        publicKey: kiosk.publicKey,
        code: 'code-for-this-test',
      }),
    ).toEqual({ ok: true, value: { enrolled: true } });
    // another key for the same kiosk id is refused: the code does not let anyone take over a kiosk
    const impostor = newIdentity('KIOSCO-01');
    expect(
      await createCentralClient({ baseUrl: first.url, identity: impostor }).call('enroll', {
        kioskId: 'KIOSCO-01',
        publicKey: impostor.publicKey,
        code: 'code-for-this-test',
      }),
    ).toMatchObject({ ok: false, failure: { status: 409 } });
    expect(first.publicUrl).toBe('https://iess.example');
    const client = createCentralClient({ baseUrl: first.url, identity: kiosk });
    await client.call('challenge', { idType: 'cedula', id: '1710034065', intent: 'recover' });
    await first.close();
    const second = await startCentral({
      port: 0,
      dataFile,
      seedFile: DEMO,
      activationTtlSeconds: 180,
      hashParams: FAST_HASH,
    });
    // the enrollment is kept with the data: the same kiosk is known after a restart
    const again = createCentralClient({ baseUrl: second.url, identity: kiosk });
    expect(await again.call('lookup', { idType: 'cedula', id: '1714307103' })).toMatchObject({ ok: true });
    expect(await again.call('portalLogin', { id: '1710034065', password: 'Cotopaxi2024' })).toEqual({
      ok: true,
      value: { ok: true },
    });
    await second.close();

    await expect(
      startCentral({ port: 0, seedFile: join(dir, 'missing.json'), activationTtlSeconds: 180 }),
    ).rejects.toThrow(/seed file rejected/);
    // the same data with another key claiming the enrolled kiosk's id: refused, nothing served
    const impostorKey = newIdentity('KIOSCO-01').publicKey;
    await expect(
      startCentral({
        port: 0,
        dataFile,
        activationTtlSeconds: 180,
        hashParams: FAST_HASH,
        kiosks: [{ id: 'KIOSCO-01', publicKey: impostorKey }],
      }),
    ).rejects.toThrow(/refused its own kiosk/);
  });
});

describe('npm run central (cli)', () => {
  it('prints the ready line and exits 0 on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'central/cli.ts')], {
      cwd: ROOT,
      env: { ...process.env, CENTRAL_PORT: '0', CENTRAL_SEED_FILE: '', CENTRAL_DATA_DIR: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    const line = await new Promise<string>((done, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /Central ready at (http:\/\/127\.0\.0\.1:\d+)\n/.exec(out);
        if (match?.[1]) done(match[1]);
      });
      child.once('exit', () => reject(new Error(`exited early: ${out}`)));
    });
    expect((await fetch(`${line}/health`)).status).toBe(200);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
