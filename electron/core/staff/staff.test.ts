import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHarness } from '../../../central/server/testkit';
import { listStaff } from '../../../db/kiosk/staff';
import type { EventName } from '../../contract/calls';
import type { Result } from '../../contract/result';
import { readConfig } from '../config';
import { hashSecret } from '../crypto/argon';
import {
  createManualClock,
  openTestParts,
  seedOf,
  wrapCentral,
  type ManualClock,
  type TestCentral,
} from '../flow/testing';
import { createKioskCore } from '../kiosk';
import type { KioskTerminal } from '../terminal';
import { fileOfflineKeyStore } from './offline-key';
import { pinMatchesVerifier } from './offline-verifier';
import { dbPinStore, MAX_PIN_TRIES, PIN_LOCK_MS } from './pin-gate';
import { STAFF_UNLOCK_MS } from './staff-mode';

const SUPERVISOR_PIN = '482915';
const TECHNICIAN_PIN = '7391';
let staff: Parameters<TestCentral['setStaff']>[0];
beforeAll(async () => {
  staff = [
    { id: 'S001', name: 'Lucía Andrade', role: 'supervisor', pinHash: await hashSecret(SUPERVISOR_PIN) },
    { id: 'T001', name: 'Marco Tapia', role: 'technician', pinHash: await hashSecret(TECHNICIAN_PIN) },
  ];
});

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const config = (dataDir: string) => {
  const read = readConfig({ KIOSK_ID: 'KIOSCO-07', KIOSK_OFFICE: 'IESS Cuenca', KIOSK_DATA_DIR: dataDir });
  if (!read.ok) throw new Error(read.problems.join(', '));
  return read.config;
};
const codeOf = (result: Result<unknown>) => (result.ok ? 'ok' : result.error.code);
const valueOf = <T>(result: Result<unknown>): T => {
  if (!result.ok) throw new Error(`unexpected error ${result.error.code}`);
  return result.value as T;
};

type Recorded = { event: EventName; payload: unknown }[];
function watch(terminal: KioskTerminal): Recorded {
  const events: Recorded = [];
  terminal.onEvent((event, payload) => events.push({ event, payload }));
  return events;
}

/** A core on a real kiosk.db in a fresh data dir; `restart` reopens the same dir. */
async function setup(
  dir = mkdtempSync(join(tmpdir(), 'staff-')),
  shared?: { clock: ManualClock; central: TestCentral },
) {
  let central = shared?.central;
  let clock = shared?.clock;
  if (!central || !clock) {
    const reference = await createHarness({ seed: seedOf([]) });
    cleanups.push(() => reference.close());
    clock = createManualClock(reference.clock.t);
    central = wrapCentral(reference, clock.now);
    await central.setStaff(staff);
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  }
  const parts = await openTestParts({ client: central.client, now: clock.now, dir });
  const kiosk = { db: parts.kioskDb };
  const logs: string[] = [];
  const core = createKioskCore({
    config: config(dir),
    parts,
    centralPublicUrl: 'http://central.test/',
    now: clock.now,
    schedule: clock.schedule,
    log: (event, fields) => logs.push(JSON.stringify({ event, ...fields })),
  });
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await core.close();
    await parts.close();
  };
  cleanups.push(close);
  return {
    dir,
    clock,
    central,
    kiosk,
    core,
    logs,
    close,
    restart: async () => {
      await close();
      return setup(dir, { clock, central });
    },
  };
}

describe('staff PINs from the catalogs', () => {
  it("mirrors the central's staff into kiosk.db, and drops whoever the central drops", async () => {
    const t = await setup();
    expect(await listStaff(t.kiosk.db)).toEqual([]);
    expect(await t.core.refreshCatalogs()).toBe(true);
    expect((await listStaff(t.kiosk.db)).map((s) => [s.id, s.role])).toEqual([
      ['S001', 'supervisor'],
      ['T001', 'technician'],
    ]);
    await t.central.setStaff(staff.slice(0, 1));
    await t.core.refreshCatalogs();
    expect((await listStaff(t.kiosk.db)).map((s) => s.id)).toEqual(['S001']);
  });

  it('a kiosk that restarts while the central is down still unlocks from its cache, keyed by the last online unlock', async () => {
    const first = await setup();
    await first.core.refreshCatalogs();
    // the first unlock is checked at the central, and brings this kiosk's offline key back sealed
    expect(codeOf(await first.core.openTerminal().handle('staff.unlock', { pin: TECHNICIAN_PIN }))).toBe('ok');
    const t = await first.restart();
    t.central.breakRoute('catalogs');
    t.central.breakRoute('staffVerify');
    expect(await t.core.refreshCatalogs()).toBe(true); // the last copy
    const terminal = t.core.openTerminal();
    expect(valueOf(await terminal.handle('staff.unlock', { pin: SUPERVISOR_PIN }))).toMatchObject({
      role: 'supervisor',
    });
    expect(await terminal.handle('staff.unlock', { pin: '000000' })).toEqual({
      ok: false,
      error: { code: 'pin_wrong', attemptsLeft: MAX_PIN_TRIES - 1 },
    });
    expect(t.logs.some((l) => l.includes('"at":"cache"'))).toBe(true);
  });

  it('kiosk.db holds no PIN hash, and its verifiers test no guess without the offline key beside it', async () => {
    const t = await setup();
    await t.core.refreshCatalogs();
    expect(codeOf(await t.core.openTerminal().handle('staff.unlock', { pin: SUPERVISOR_PIN }))).toBe('ok');
    await t.close();
    const files = readdirSync(t.dir).filter((f) => f.startsWith('kiosk.db'));
    const bytes = files.map((f) => readFileSync(join(t.dir, f)).toString('latin1')).join('');
    expect(bytes).not.toContain('$argon2');
    expect(bytes).not.toContain(SUPERVISOR_PIN);
    // the key is a file of its own, mode 600
    const keyFile = join(t.dir, 'staff-offline.key');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const key = fileOfflineKeyStore(keyFile).read();
    expect(key).not.toBeNull();

    const again = await setup(t.dir, { clock: t.clock, central: t.central });
    const cached = await dbPinStore(again.kiosk.db).staff();
    const supervisor = cached.find((m) => m.id === 'S001')?.verifier;
    if (!supervisor || !key) throw new Error('no cached verifier');
    expect(await pinMatchesVerifier(key.key, supervisor, SUPERVISOR_PIN)).toBe(true);
    // the right PIN under any other key (an attacker with kiosk.db only has none) does not match
    expect(await pinMatchesVerifier(randomBytes(32), supervisor, SUPERVISOR_PIN)).toBe(false);
    expect(await pinMatchesVerifier(key.key, supervisor, '000000')).toBe(false);
  });

  it('asks the central first: a PIN the central no longer knows is refused although the cache still has it', async () => {
    const t = await setup();
    await t.core.refreshCatalogs();
    const terminal = t.core.openTerminal();
    expect(codeOf(await terminal.handle('staff.unlock', { pin: TECHNICIAN_PIN }))).toBe('ok');
    await t.central.setStaff(staff.slice(0, 1)); // the technician is removed at the central
    expect(await terminal.handle('staff.unlock', { pin: TECHNICIAN_PIN })).toEqual({
      ok: false,
      error: { code: 'pin_wrong', attemptsLeft: MAX_PIN_TRIES - 1 },
    });
    expect(t.central.calls.filter((c) => c === 'staffVerify')).toHaveLength(2);
  });
});

describe('staff.unlock', () => {
  it('a kiosk that has no staff list yet fetches it before judging the PIN', async () => {
    const t = await setup();
    // no refreshCatalogs first: as right after boot, before the first catalogs arrived
    const terminal = t.core.openTerminal();
    expect(valueOf(await terminal.handle('staff.unlock', { pin: SUPERVISOR_PIN }))).toMatchObject({
      role: 'supervisor',
    });
  });

  it('with neither the central nor an offline key, says the central is out of reach and counts no try', async () => {
    const t = await setup();
    t.central.breakRoute('catalogs');
    t.central.breakRoute('staffVerify');
    const terminal = t.core.openTerminal();
    for (let i = 0; i < 6; i++)
      expect(codeOf(await terminal.handle('staff.unlock', { pin: SUPERVISOR_PIN }))).toBe('central_unavailable');
    t.central.heal('catalogs');
    t.central.heal('staffVerify');
    expect(valueOf(await terminal.handle('staff.unlock', { pin: SUPERVISOR_PIN }))).toMatchObject({
      role: 'supervisor',
    });
  });

  it('unlocks with the right PIN, for 10 minutes, and never logs the PIN', async () => {
    const t = await setup();
    await t.core.refreshCatalogs();
    const terminal = t.core.openTerminal();
    expect(valueOf(await terminal.handle('staff.unlock', { pin: TECHNICIAN_PIN }))).toEqual({
      id: 'T001',
      role: 'technician',
      name: 'Marco Tapia',
      until: t.clock.now() + STAFF_UNLOCK_MS,
    });
    expect(codeOf(await terminal.handle('staff.unlock', { pin: '12' }))).toBe('invalid_input');
    expect(t.logs.join('\n')).not.toContain(TECHNICIAN_PIN);
    expect(t.logs.some((l) => l.includes('staff.unlocked'))).toBe(true);
  });

  it('5 wrong PINs lock the PIN entry for 15 minutes, even for the right PIN, and a restart does not reset it', async () => {
    const t = await setup();
    await t.core.refreshCatalogs();
    const terminal = t.core.openTerminal();
    for (let left = MAX_PIN_TRIES - 1; left >= 1; left--) {
      expect(await terminal.handle('staff.unlock', { pin: '000000' })).toEqual({
        ok: false,
        error: { code: 'pin_wrong', attemptsLeft: left },
      });
    }
    expect(await terminal.handle('staff.unlock', { pin: '000000' })).toEqual({
      ok: false,
      error: { code: 'locked', retryAfterSeconds: PIN_LOCK_MS / 1000 },
    });

    const again = await t.restart();
    const other = again.core.openTerminal();
    again.clock.set(again.clock.now() + 60_000);
    expect(await other.handle('staff.unlock', { pin: SUPERVISOR_PIN })).toEqual({
      ok: false,
      error: { code: 'locked', retryAfterSeconds: PIN_LOCK_MS / 1000 - 60 },
    });
    expect(again.logs.join('\n')).not.toContain(SUPERVISOR_PIN);

    again.clock.set(again.clock.now() + PIN_LOCK_MS);
    expect(valueOf(await other.handle('staff.unlock', { pin: SUPERVISOR_PIN }))).toMatchObject({
      role: 'supervisor',
      name: 'Lucía Andrade',
    });
    // the right PIN wiped the count: a fresh 4 left after the next mistake
    expect(await other.handle('staff.unlock', { pin: '111111' })).toEqual({
      ok: false,
      error: { code: 'pin_wrong', attemptsLeft: MAX_PIN_TRIES - 1 },
    });
  });

  it('counts wrong PINs across a restart and across screens', async () => {
    const t = await setup();
    await t.core.refreshCatalogs();
    const a = t.core.openTerminal();
    const b = t.core.openTerminal();
    await a.handle('staff.unlock', { pin: '0000' });
    await b.handle('staff.unlock', { pin: '0000' });
    const again = await t.restart();
    expect(await again.core.openTerminal().handle('staff.unlock', { pin: '0000' })).toEqual({
      ok: false,
      error: { code: 'pin_wrong', attemptsLeft: MAX_PIN_TRIES - 3 },
    });
  });
});

describe('staff terminal', () => {
  it('overview only while unlocked: staff_required before, after staff.lock and after the auto-lock', async () => {
    const t = await setup();
    await t.core.refreshCatalogs();
    const terminal = t.core.openTerminal();
    const events = watch(terminal);
    expect(codeOf(await terminal.handle('staff.overview', {}))).toBe('staff_required');
    expect(codeOf(await terminal.handle('staff.acknowledgeHelp', { id: 'x' }))).toBe('staff_required');

    await terminal.handle('staff.unlock', { pin: SUPERVISOR_PIN });
    expect(valueOf(await terminal.handle('staff.overview', {}))).toEqual({
      role: 'supervisor',
      kioskId: 'KIOSCO-07',
      officeName: 'IESS Cuenca',
      centralReachable: true,
      outbox: { depth: 0, oldestPendingAt: null, lastDeliveredAt: null, deadLetters: 0 },
      helpRequests: [],
      catalogsFetchedAt: t.clock.now(),
    });
    expect(valueOf(await terminal.handle('staff.lock', {}))).toEqual({ locked: true });
    expect(codeOf(await terminal.handle('staff.overview', {}))).toBe('staff_required');

    await terminal.handle('staff.unlock', { pin: SUPERVISOR_PIN });
    t.clock.advance(STAFF_UNLOCK_MS);
    expect(events).toContainEqual({ event: 'staff.locked', payload: { reason: 'expired' } });
    expect(codeOf(await terminal.handle('staff.overview', {}))).toBe('staff_required');
  });

  it('unlocking ends the person session on that screen; starting a session locks staff mode', async () => {
    const t = await setup();
    await t.core.refreshCatalogs();
    const terminal = t.core.openTerminal();
    await terminal.handle('session.start', { kind: 'generate' });
    await terminal.handle('staff.unlock', { pin: SUPERVISOR_PIN });
    expect(valueOf(await terminal.handle('session.view', {}))).toBeNull();
    await terminal.handle('session.start', { kind: 'recover' });
    expect(codeOf(await terminal.handle('staff.overview', {}))).toBe('staff_required');
  });

  it('lists help requests of every screen without personal data, and acknowledging tells only the screen that asked', async () => {
    const t = await setup();
    await t.core.refreshCatalogs();
    const asker = t.core.openTerminal();
    const bystander = t.core.openTerminal();
    const staffScreen = t.core.openTerminal();
    const askerEvents = watch(asker);
    const bystanderEvents = watch(bystander);
    const { requestedAt } = valueOf<{ requestedAt: number }>(
      await asker.handle('help.request', { screen: 'challenge' }),
    );

    await staffScreen.handle('staff.unlock', { pin: TECHNICIAN_PIN });
    const overview = valueOf<{ helpRequests: { id: string; screen: string; requestedAt: number }[] }>(
      await staffScreen.handle('staff.overview', {}),
    );
    expect(overview.helpRequests).toEqual([{ id: expect.any(String), screen: 'challenge', requestedAt }]);
    const id = overview.helpRequests[0]!.id;

    t.clock.set(t.clock.now() + 3_000);
    expect(valueOf(await staffScreen.handle('staff.acknowledgeHelp', { id }))).toEqual({ acknowledged: true });
    expect(askerEvents).toEqual([{ event: 'help.acknowledged', payload: { at: requestedAt + 3_000 } }]);
    expect(bystanderEvents).toEqual([]);
    expect(valueOf(await staffScreen.handle('staff.acknowledgeHelp', { id }))).toEqual({ acknowledged: false });
  });
});

describe('central reachability on every screen', () => {
  it('emits central.status to all terminals on a change, and app.info says it', async () => {
    const t = await setup();
    const a = t.core.openTerminal();
    const b = t.core.openTerminal();
    const aEvents = watch(a);
    const bEvents = watch(b);
    await t.core.refreshCatalogs();
    expect(aEvents).toEqual([]); // no change, nothing said

    t.central.breakRoute('catalogs');
    t.clock.set(t.clock.now() + 1_000);
    const downAt = t.clock.now();
    await t.core.refreshCatalogs();
    await t.core.refreshCatalogs();
    expect(aEvents).toEqual([{ event: 'central.status', payload: { reachable: false, since: downAt } }]);
    expect(bEvents).toEqual(aEvents);
    expect(valueOf(await a.handle('app.info', {}))).toMatchObject({ centralReachable: false });

    t.central.heal('catalogs');
    t.clock.set(t.clock.now() + 1_000);
    await t.core.refreshCatalogs();
    expect(aEvents.at(-1)).toEqual({ event: 'central.status', payload: { reachable: true, since: t.clock.now() } });
    expect(valueOf(await b.handle('app.info', {}))).toMatchObject({ centralReachable: true });
  });
});
