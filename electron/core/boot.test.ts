import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { SeedFile } from '../../central/contract';
import { startCentral } from '../../central/server/embedded';
import { FAST_HASH } from '../../central/server/testkit';
import { readConfig } from './config';
import { bootKiosk, type BootOptions, type KioskRuntime } from './boot';
import { technicianLine, type SetupNotice } from './setup';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const seed: SeedFile = {
  afiliados: [],
  employers: [],
  staff: [{ id: 'S001', name: 'Lucía Andrade', role: 'supervisor', pin: '482915' }],
};

async function until(check: () => Promise<boolean>, ms = 8_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function boot(
  dataDir: string,
  env: Record<string, string> = {},
  options: BootOptions = {},
): Promise<KioskRuntime> {
  const read = readConfig({ KIOSK_DATA_DIR: dataDir, KIOSK_ID: 'KIOSCO-09', ...env });
  if (!read.ok) throw new Error(read.problems.join(', '));
  const runtime = await bootKiosk(read.config, (o) => startCentral({ ...o, hashParams: FAST_HASH }), options);
  cleanups.push(() => runtime.close());
  // as the shells do once their ready line is out: the embedded central's seed import waits for it
  runtime.warmUp();
  return runtime;
}

describe('boot', () => {
  it('prefetches the catalogs with the staff PIN hashes; booted later with the central down, it unlocks from the cache and says the central is unreachable', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'boot-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const seedFile = join(dir, 'seed.json');
    writeFileSync(seedFile, JSON.stringify(seed));

    const first = await boot(dir, { CENTRAL_SEED_FILE: seedFile });
    // no person has asked for anything: the staff get here by the boot prefetch alone (read from
    // the side, so early wrong tries do not spend the PIN entry's five)
    const staffRows = () => {
      const db = new Database(join(dir, 'kiosk.db'), { readonly: true });
      try {
        return db.prepare('select id, role from staff').all();
      } finally {
        db.close();
      }
    };
    await until(async () => staffRows().length > 0);
    expect(staffRows()).toEqual([{ id: 'S001', role: 'supervisor' }]);
    expect(await first.core.openTerminal().handle('staff.unlock', { pin: '482915' })).toMatchObject({ ok: true });
    await first.close();

    // a port where nothing listens: the central is down at boot
    const server = createServer().listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    await new Promise((r) => server.close(r));
    const second = await boot(dir, { CENTRAL_URL: `http://127.0.0.1:${port}` });
    const terminal = second.core.openTerminal();
    await until(async () => {
      const info = await terminal.handle('app.info', {});
      return info.ok && (info.value as { centralReachable?: boolean }).centralReachable === false;
    });
    const unlocked = await terminal.handle('staff.unlock', { pin: '482915' });
    expect(unlocked).toMatchObject({ ok: true, value: { role: 'supervisor', name: 'Lucía Andrade' } });
    const overview = await terminal.handle('staff.overview', {});
    expect(overview).toMatchObject({
      ok: true,
      value: { centralReachable: false, catalogsFetchedAt: expect.any(Number) },
    });
  });
});

describe('boot with CENTRAL_URL: enrollment missing or refused', () => {
  const ENROLL_CODE = 'codigo-de-inscripcion-1';

  async function remoteCentral() {
    const central = await startCentral({
      port: 0,
      activationTtlSeconds: 180,
      enrollCode: ENROLL_CODE,
      hashParams: FAST_HASH,
    });
    cleanups.push(() => central.close());
    return central;
  }
  /** every rotated file of the kiosk's log, as one text */
  function logText(dir: string): string {
    const logs = join(dir, 'logs');
    return readdirSync(logs)
      .map((name) => readFileSync(join(logs, name), 'utf8'))
      .join('\n');
  }
  function dataDir() {
    const dir = mkdtempSync(join(tmpdir(), 'boot-enroll-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    return dir;
  }
  /** Boots against the central and returns what the technician and a person would see. */
  async function bootAgainst(dir: string, url: string, code: string | undefined) {
    const notices: Array<SetupNotice | null> = [];
    const runtime = await boot(
      dir,
      { CENTRAL_URL: url, ...(code ? { KIOSK_ENROLL_CODE: code } : {}) },
      { onSetupNotice: (n) => notices.push(n) },
    );
    const terminal = runtime.core.openTerminal();
    const info = await terminal.handle('app.info', {});
    const start = await terminal.handle('session.start', { kind: 'generate' });
    // the first catalog fetch settles before the dir is removed (it logs when it does)
    await until(async () => logText(dir).includes('catalogs.refresh'));
    return { notices, info, start };
  }

  it('a central refusing the code: one technician line naming KIOSK_ENROLL_CODE, the screen says so, no trámite', async () => {
    const dir = dataDir();
    const central = await remoteCentral();
    const seen = await bootAgainst(dir, central.url, 'codigo-equivocado');
    expect(seen.notices).toEqual([{ problem: 'enroll_refused', variables: ['KIOSK_ENROLL_CODE', 'KIOSK_ID'] }]);
    const line = technicianLine(seen.notices[0]!);
    expect(line).toContain('KIOSK_ENROLL_CODE');
    expect(line).not.toContain('codigo-equivocado');
    expect(seen.info).toMatchObject({ ok: true, value: { setup: { problem: 'enroll_refused' } } });
    // not "central unavailable" for every person: no trámite starts at all
    expect(seen.start).toEqual({ ok: false, error: { code: 'setup_required' } });
  });

  it('no KIOSK_ENROLL_CODE: the line and the screen ask for it', async () => {
    const dir = dataDir();
    const central = await remoteCentral();
    const seen = await bootAgainst(dir, central.url, undefined);
    expect(seen.notices).toEqual([{ problem: 'enroll_code_missing', variables: ['KIOSK_ENROLL_CODE'] }]);
    expect(seen.info).toMatchObject({ ok: true, value: { setup: { problem: 'enroll_code_missing' } } });
    expect(seen.start).toEqual({ ok: false, error: { code: 'setup_required' } });
  });

  it('the right code: no notice, and a trámite starts', async () => {
    const dir = dataDir();
    const central = await remoteCentral();
    const seen = await bootAgainst(dir, central.url, ENROLL_CODE);
    expect(seen.notices).toEqual([]);
    expect(seen.info.ok && 'setup' in (seen.info.value as object)).toBe(false);
    expect(seen.start.ok).toBe(true);
  });
});
