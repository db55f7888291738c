import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { SeedFile } from '../../central/contract';
import { startCentral } from '../../central/server/embedded';
import { FAST_HASH } from '../../central/server/testkit';
import { readConfig } from './config';
import { bootKiosk, type KioskRuntime } from './boot';

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

async function boot(dataDir: string, env: Record<string, string> = {}): Promise<KioskRuntime> {
  const read = readConfig({ KIOSK_DATA_DIR: dataDir, KIOSK_ID: 'KIOSCO-09', ...env });
  if (!read.ok) throw new Error(read.problems.join(', '));
  const runtime = await bootKiosk(read.config, (options) => startCentral({ ...options, hashParams: FAST_HASH }));
  cleanups.push(() => runtime.close());
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
