import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendOutbox, markDead, markDelivered, type OutboxRow } from '../../../db/kiosk/outbox';
import { openKioskDb } from '../../../db/kiosk/open';
import { createDeliveryWaits, type DeliveryWaits } from './delivery-waits';
import { createManualClock, type ManualClock } from './testing';

let dir: string;
let kiosk: Awaited<ReturnType<typeof openKioskDb>>;
let waits: DeliveryWaits;
let clock: ManualClock;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'delivery-waits-'));
  kiosk = await openKioskDb(dir);
  waits = createDeliveryWaits(kiosk.db);
  clock = createManualClock();
});
afterEach(async () => {
  await kiosk.close();
  rmSync(dir, { recursive: true, force: true });
});

async function append(key: string): Promise<OutboxRow> {
  await appendOutbox(kiosk.db, {
    id: `id-${key}`,
    idempotencyKey: key,
    aggregateId: 'session-1',
    kind: 'credentials.set',
    payload: { grant: 'g' },
    now: clock.now(),
  });
  return kiosk.db.selectFrom('outbox').selectAll().where('idempotency_key', '=', key).executeTakeFirstOrThrow();
}

describe('waiting for the drain to settle a row', () => {
  it('resolves when the drain says it settled the row, with what the row became', async () => {
    const delivered = await append('k-delivered');
    const dead = await append('k-dead');
    const waitDelivered = waits.wait('k-delivered', 3_000, clock.schedule);
    const waitDead = waits.wait('k-dead', 3_000, clock.schedule);
    await markDelivered(kiosk.db, [delivered.id], clock.now());
    await markDead(kiosk.db, dead.id, 'grant_invalid');
    waits.settled([delivered, dead]);
    expect(await waitDelivered).toEqual({ state: 'delivered' });
    expect(await waitDead).toEqual({ state: 'refused', error: 'grant_invalid' });
    expect(clock.pending()).toBe(0); // the timeouts were cancelled
  });

  it('a row settled before the wait began resolves at once; an unknown refusal text is internal', async () => {
    const row = await append('k-early');
    await markDead(kiosk.db, row.id, 'no outcome in reply');
    expect(await waits.wait('k-early', 3_000, clock.schedule)).toEqual({ state: 'refused', error: 'internal' });
  });

  it('says pending when the wait runs out on the clock, and ignores rows it does not wait for', async () => {
    await append('k-slow');
    const other = await append('k-other');
    const waiting = waits.wait('k-slow', 3_000, clock.schedule);
    await markDelivered(kiosk.db, [other.id], clock.now());
    waits.settled([other]);
    await new Promise((r) => setImmediate(r));
    clock.advance(3_000);
    expect(await waiting).toEqual({ state: 'pending' });
  });
});
