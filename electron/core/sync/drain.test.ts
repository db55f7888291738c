import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { appendOutbox, outboxStatus, type OutboxRow } from '../../../db/kiosk/outbox';
import { openKioskDb } from '../../../db/kiosk/open';
import { createDrainLoop, type PushResult } from './drain';
import { ulid } from './ulid';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'outbox-'));
  dirs.push(dir);
  return dir;
};

/** The central's side of the contract: each key applied at most once, in arrival order. */
function fakeCentral() {
  const applied = new Map<string, { aggregate: string; sequence: number }>();
  const order: Array<{ aggregate: string; sequence: number }> = [];
  let down = false;
  const poison = new Set<string>();
  return {
    applied,
    order,
    setDown: (value: boolean) => (down = value),
    poison: (key: string) => poison.add(key),
    async push(rows: OutboxRow[]): Promise<PushResult> {
      if (down) return { ok: false, error: 'ECONNREFUSED' };
      return {
        ok: true,
        outcomes: rows.map((row) => {
          if (poison.has(row.idempotency_key))
            return { key: row.idempotency_key, outcome: 'rejected' as const, error: 'invalid_request' };
          if (applied.has(row.idempotency_key)) return { key: row.idempotency_key, outcome: 'duplicate' as const };
          applied.set(row.idempotency_key, { aggregate: row.aggregate_id, sequence: row.sequence });
          order.push({ aggregate: row.aggregate_id, sequence: row.sequence });
          return { key: row.idempotency_key, outcome: 'applied' as const };
        }),
      };
    },
  };
}

async function enqueue(db: Awaited<ReturnType<typeof openKioskDb>>['db'], aggregateId: string, now = Date.now()) {
  const id = ulid(now);
  await db
    .transaction()
    .execute((trx) =>
      appendOutbox(trx, { id, idempotencyKey: id, aggregateId, kind: 'session.event', payload: { step: 'x' }, now }),
    );
  return id;
}

describe('outbox', () => {
  it('commits a row only with the local change it belongs to', async () => {
    const { db, close } = await openKioskDb(tempDir());
    await expect(
      db.transaction().execute(async (trx) => {
        await appendOutbox(trx, {
          id: ulid(),
          idempotencyKey: ulid(),
          aggregateId: 's1',
          kind: 'credentials.set',
          payload: {},
          now: 1,
        });
        throw new Error('the local change failed');
      }),
    ).rejects.toThrow();
    expect((await outboxStatus(db)).depth).toBe(0);
    await close();
  });

  it('delivers in order per session, then clears the payloads it no longer needs', async () => {
    const { db, close } = await openKioskDb(tempDir());
    const central = fakeCentral();
    for (let i = 0; i < 5; i++) await enqueue(db, 'a');
    for (let i = 0; i < 3; i++) await enqueue(db, 'b');
    const loop = createDrainLoop({ db, push: (rows) => central.push(rows), batchSize: 3 });
    loop.wake();
    await loop.idle();
    expect(central.applied.size).toBe(8);
    expect(central.order.filter((o) => o.aggregate === 'a').map((o) => o.sequence)).toEqual([1, 2, 3, 4, 5]);
    expect(await outboxStatus(db)).toMatchObject({ depth: 0, deadLetters: 0 });
    const payloads = await db.selectFrom('outbox').select('payload').execute();
    expect(payloads.every((p) => p.payload === '{}')).toBe(true);
    await close();
  });

  it('backs off while the central is down and drains by itself when it returns', async () => {
    const { db, close } = await openKioskDb(tempDir());
    const central = fakeCentral();
    let clock = 1_000_000;
    const loop = createDrainLoop({ db, push: (rows) => central.push(rows), now: () => clock, random: () => 0.5 });
    await enqueue(db, 'a', clock);
    await enqueue(db, 'a', clock);
    central.setDown(true);
    loop.wake();
    await loop.idle();
    const waiting = await db.selectFrom('outbox').selectAll().execute();
    expect(waiting.map((r) => [r.status, r.attempts, r.last_error])).toEqual([
      ['pending', 1, 'ECONNREFUSED'],
      ['pending', 1, 'ECONNREFUSED'],
    ]);
    expect(waiting[0]!.next_attempt_at).toBeGreaterThan(clock);
    central.setDown(false);
    loop.wake(); // too early: the backoff holds
    await loop.idle();
    expect(central.applied.size).toBe(0);
    clock += 10 * 60_000;
    loop.wake();
    await loop.idle();
    expect(central.order.map((o) => o.sequence)).toEqual([1, 2]);
    expect((await outboxStatus(db)).lastDeliveredAt).toBe(clock);
    await close();
  });

  it('dead-letters a poison row without blocking the rows behind it', async () => {
    const { db, close } = await openKioskDb(tempDir());
    const central = fakeCentral();
    const poisoned = await enqueue(db, 'a');
    const behind = [await enqueue(db, 'a'), await enqueue(db, 'b')];
    central.poison(poisoned);
    const loop = createDrainLoop({ db, push: (rows) => central.push(rows) });
    loop.wake();
    await loop.idle();
    expect([...central.applied.keys()].sort()).toEqual(behind.sort());
    expect(await outboxStatus(db)).toMatchObject({ depth: 0, deadLetters: 1 });
    const dead = await db.selectFrom('outbox').selectAll().where('status', '=', 'dead').executeTakeFirstOrThrow();
    // a session event holds codes only: it keeps its payload, so a technician can queue it again
    expect(dead).toMatchObject({ id: poisoned, last_error: 'invalid_request', payload: '{"step":"x"}' });
    await close();
  });

  it('property: any interleaving of enqueue, drain, central outage, crash and restart delivers every event exactly once, in order per session', async () => {
    type Op =
      | { op: 'enqueue'; aggregate: 'a' | 'b' | 'c' }
      | { op: 'drain' }
      | { op: 'down' }
      | { op: 'up' }
      | { op: 'crash' }
      | { op: 'crashAfterApply' };
    const opArb: fc.Arbitrary<Op> = fc.oneof(
      {
        weight: 5,
        arbitrary: fc.record({
          op: fc.constant('enqueue' as const),
          aggregate: fc.constantFrom('a' as const, 'b' as const, 'c' as const),
        }),
      },
      { weight: 3, arbitrary: fc.constant({ op: 'drain' as const }) },
      { weight: 1, arbitrary: fc.constant({ op: 'down' as const }) },
      { weight: 1, arbitrary: fc.constant({ op: 'up' as const }) },
      { weight: 1, arbitrary: fc.constant({ op: 'crash' as const }) },
      { weight: 1, arbitrary: fc.constant({ op: 'crashAfterApply' as const }) },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 40 }), async (ops) => {
        const dir = tempDir();
        const central = fakeCentral();
        let clock = 1_000_000;
        let failNextAfterApply = false;
        // the central applies, then the kiosk dies before it can mark the rows delivered
        const push = async (rows: OutboxRow[]): Promise<PushResult> => {
          const result = await central.push(rows);
          if (failNextAfterApply && result.ok) {
            failNextAfterApply = false;
            return { ok: false, error: 'killed after apply' };
          }
          return result;
        };
        let opened = await openKioskDb(dir);
        let loop = createDrainLoop({ db: opened.db, push, now: () => clock, random: () => 0 });
        const enqueued: string[] = [];
        for (const step of ops) {
          clock += 1_000;
          if (step.op === 'enqueue') enqueued.push(await enqueue(opened.db, step.aggregate, clock));
          else if (step.op === 'drain') {
            loop.wake();
            await loop.idle();
          } else if (step.op === 'down') central.setDown(true);
          else if (step.op === 'up') central.setDown(false);
          else if (step.op === 'crashAfterApply') failNextAfterApply = true;
          else {
            await loop.stop();
            await opened.close();
            opened = await openKioskDb(dir);
            loop = createDrainLoop({ db: opened.db, push, now: () => clock, random: () => 0 });
          }
        }
        central.setDown(false);
        failNextAfterApply = false;
        clock += 60 * 60_000;
        loop.wake();
        await loop.idle();
        await opened.close();
        expect([...central.applied.keys()].sort()).toEqual([...enqueued].sort());
        expect(central.order.length).toBe(enqueued.length);
        for (const aggregate of ['a', 'b', 'c']) {
          const seqs = central.order.filter((o) => o.aggregate === aggregate).map((o) => o.sequence);
          expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
        }
      }),
      { numRuns: 60 },
    );
  });
});
