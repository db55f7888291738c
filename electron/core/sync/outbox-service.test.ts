import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openKioskDb } from '../../../db/kiosk/open';
import type { PushBatch } from './drain';
import { createKioskOutbox, KEEP_DELIVERED_MS } from './outbox-service';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const applyAll: PushBatch = async (rows) => ({
  ok: true,
  outcomes: rows.map((r) => ({ key: r.idempotency_key, outcome: 'applied' as const })),
});
const unreachable: PushBatch = async () => ({ ok: false, error: 'unavailable' });

/** An outbox on a fresh kiosk.db with a clock the test moves. */
async function setup(push: PushBatch = applyAll, pruneEveryMs?: number) {
  const dir = mkdtempSync(join(tmpdir(), 'outbox-service-'));
  const kiosk = await openKioskDb(dir);
  const clock = { now: 1_000_000 };
  const outbox = createKioskOutbox({
    db: kiosk.db,
    sqlite: kiosk.sqlite,
    push,
    now: () => clock.now,
    random: () => 0,
    ...(pruneEveryMs ? { pruneEveryMs } : {}),
  });
  cleanups.push(async () => {
    await outbox.stop();
    await kiosk.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const rows = () =>
    kiosk.db
      .selectFrom('outbox')
      .select(['aggregate_id', 'sequence', 'status', 'idempotency_key'])
      .orderBy('aggregate_id')
      .orderBy('sequence')
      .execute();
  return { kiosk, outbox, clock, rows };
}

const event = (step: string) => ({ event: 'started', flow: 'recover', step, at: 1 });

describe('outbox append', () => {
  it('numbers each session in call order and keeps one row per key', async () => {
    const { outbox, rows } = await setup(unreachable);
    await outbox.append('session.event', 'ses-a', event('1'), 'k1');
    await outbox.append('session.event', 'ses-b', event('1'), 'k2');
    await outbox.append('session.event', 'ses-a', event('2'), 'k3');
    await outbox.append('session.event', 'ses-a', event('2'), 'k3');
    expect((await rows()).map((r) => [r.aggregate_id, r.sequence, r.idempotency_key])).toEqual([
      ['ses-a', 1, 'k1'],
      ['ses-a', 2, 'k3'],
      ['ses-b', 1, 'k2'],
    ]);
  });

  it('inside a caller transaction that fails leaves no row, and neither does the local change', async () => {
    const { kiosk, outbox, rows } = await setup(unreachable);
    const failing = kiosk.db.transaction().execute(async (trx) => {
      await trx.insertInto('kiosk_meta').values({ key: 'pin_changed', value: 'S001' }).execute();
      await outbox.append('session.event', 'ses-a', event('staff'), 'k-fail', trx);
      throw new Error('the local change failed after the append');
    });
    await expect(failing).rejects.toThrow('the local change failed');
    expect(await rows()).toEqual([]);
    expect(await kiosk.db.selectFrom('kiosk_meta').selectAll().execute()).toEqual([]);
  });

  it('inside a caller transaction that commits is written with the local change', async () => {
    const { kiosk, outbox, rows } = await setup(unreachable);
    await kiosk.db.transaction().execute(async (trx) => {
      await trx.insertInto('kiosk_meta').values({ key: 'pin_changed', value: 'S001' }).execute();
      await outbox.append('session.event', 'ses-a', event('staff'), 'k-ok', trx);
    });
    expect((await rows()).map((r) => r.idempotency_key)).toEqual(['k-ok']);
    expect(await kiosk.db.selectFrom('kiosk_meta').select('key').execute()).toEqual([{ key: 'pin_changed' }]);
  });

  it('without a transaction, while another transaction is open, does not join it: its rollback keeps the row', async () => {
    const { kiosk, outbox, rows } = await setup(unreachable);
    let release: () => void = () => {};
    const held = new Promise<void>((done) => (release = done));
    let entered: () => void = () => {};
    const inside = new Promise<void>((done) => (entered = done));
    const other = kiosk.db.transaction().execute(async (trx) => {
      await trx.insertInto('kiosk_meta').values({ key: 'other', value: 'x' }).execute();
      entered();
      await held;
      throw new Error('rolled back');
    });
    await inside;
    const appended = outbox.append('session.event', 'ses-a', event('1'), 'k-own');
    release();
    await expect(other).rejects.toThrow('rolled back');
    await appended;
    expect((await rows()).map((r) => r.idempotency_key)).toEqual(['k-own']);
    expect(await kiosk.db.selectFrom('kiosk_meta').selectAll().execute()).toEqual([]);
  });

  it('refuses a transaction that is not open on its database', async () => {
    const { outbox, rows } = await setup(unreachable);
    const other = await openKioskDb(mkdtempSync(join(tmpdir(), 'outbox-other-')));
    cleanups.push(() => other.close());
    await expect(
      other.db.transaction().execute((trx) => outbox.append('session.event', 'ses-a', event('1'), 'k-x', trx)),
    ).rejects.toThrow('not open on the outbox database');
    expect(await rows()).toEqual([]);
  });
});

describe('outbox pruning', () => {
  it('drops delivered rows older than the kept window, keeps recent ones, pending ones and the last delivery', async () => {
    const { outbox, clock, rows } = await setup();
    await outbox.append('session.event', 'old-1', event('1'), 'old-1');
    await outbox.append('session.event', 'old-2', event('1'), 'old-2');
    await outbox.idle();
    clock.now += KEEP_DELIVERED_MS + 1;
    await outbox.append('session.event', 'new-1', event('1'), 'new-1');
    await outbox.idle();
    expect((await rows()).map((r) => r.idempotency_key)).toEqual(['new-1', 'old-1', 'old-2']);
    expect(await outbox.prune()).toBe(2);
    expect((await rows()).map((r) => r.idempotency_key)).toEqual(['new-1']);
    expect((await outbox.status()).lastDeliveredAt).toBe(clock.now);

    // a day later with nothing new: the newest delivered row still dates the last delivery
    clock.now += KEEP_DELIVERED_MS + 1;
    expect(await outbox.prune()).toBe(0);
    expect((await rows()).map((r) => r.idempotency_key)).toEqual(['new-1']);
  });

  it('never prunes pending rows, nor the delivered rows of a session still waiting (its sequence goes on from them)', async () => {
    let up = true;
    const { outbox, clock, rows } = await setup(async (batch) => (up ? applyAll(batch) : unreachable(batch)));
    await outbox.append('session.event', 'ses-b', event('1'), 'b1');
    await outbox.idle();
    clock.now += 1;
    await outbox.append('session.event', 'ses-a', event('1'), 'a1');
    await outbox.idle();
    up = false;
    await outbox.append('session.event', 'ses-a', event('2'), 'a2');
    await outbox.idle();
    clock.now += KEEP_DELIVERED_MS + 1;
    await outbox.prune();
    expect((await rows()).map((r) => [r.idempotency_key, r.sequence, r.status])).toEqual([
      ['a1', 1, 'delivered'],
      ['a2', 2, 'pending'],
    ]);
    await outbox.append('session.event', 'ses-a', event('3'), 'a3');
    expect((await rows()).find((r) => r.idempotency_key === 'a3')?.sequence).toBe(3);
  });

  it('runs on a schedule once started', async () => {
    const { outbox, clock, rows } = await setup(applyAll, 20);
    await outbox.append('session.event', 'old-1', event('1'), 'old-1');
    await outbox.append('session.event', 'old-2', event('1'), 'old-2');
    await outbox.idle();
    clock.now += KEEP_DELIVERED_MS + 1;
    outbox.start();
    await expect.poll(async () => (await rows()).length, { timeout: 5_000 }).toBe(1);
  });
});
