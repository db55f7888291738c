import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openKioskDb } from '../../db/kiosk/open';
import { createKioskOutbox } from '../../electron/core/sync/outbox-service';
import { ulid } from '../../electron/core/sync/ulid';
import { row, type BenchRow } from '../report';
import { summarize } from '../stats';

const WARM_UP = 50;

/**
 * `outbox.append` as the core calls it (its own transaction, WAL, the same kiosk.db settings)
 * against a raw better-sqlite3 prepared insert of the same row shape in its own transaction,
 * interleaved in blocks so both see the same machine load, after an untimed warm-up of both.
 */
export async function outboxAppendRows(smoke: boolean): Promise<BenchRow[]> {
  const blocks = smoke ? 4 : 20;
  const perBlock = smoke ? 25 : 200;
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-bench-outbox-'));
  const kiosk = await openKioskDb(dir);
  const outbox = createKioskOutbox({
    db: kiosk.db,
    sqlite: kiosk.sqlite,
    push: async () => ({ ok: false, error: 'bench' }),
    random: () => 0.5,
  });
  // the drain is stopped: the bench times the append a person's step waits for, not the push it wakes
  await outbox.stop();
  const raw = kiosk.sqlite.prepare(
    `insert into outbox (id, idempotency_key, aggregate_id, sequence, kind, payload, next_attempt_at, last_error, status, created_at, delivered_at) values (?, ?, ?, ?, ?, ?, ?, null, 'pending', ?, null)`,
  );
  const rawInsert = kiosk.sqlite.transaction((i: number) => {
    const now = Date.now();
    raw.run(
      ulid(now),
      ulid(now),
      `raw-${i % 20}`,
      i,
      'session.event',
      JSON.stringify({ event: 'started', flow: 'recover', step: null, at: now }),
      now,
      now,
    );
  });
  const append = async (i: number) => {
    await outbox.append('session.event', `ses-${i % 20}`, {
      event: 'started',
      flow: 'recover',
      step: null,
      at: Date.now(),
    });
  };
  let rawSeq = 0;
  const appendPer: number[] = [];
  const rawPer: number[] = [];
  // each call timed alone: a WAL checkpoint or a GC pause lands in one call's time, not in a
  // block's mean (on a shared machine those made one side's block 3x the other's)
  const timeAppends = async () => {
    for (let i = 0; i < perBlock; i++) {
      const start = performance.now();
      await append(i);
      appendPer.push((performance.now() - start) * 1000);
    }
  };
  const timeRaw = () => {
    for (let i = 0; i < perBlock; i++) {
      const start = performance.now();
      rawInsert(rawSeq++);
      rawPer.push((performance.now() - start) * 1000);
    }
  };
  // untimed first: statement preparation, the JIT and the first WAL pages go to neither side
  // (timed cold, the side that ran first paid for both and a smoke run read 1.6-1.8x)
  for (let i = 0; i < WARM_UP; i++) {
    await append(i);
    rawInsert(rawSeq++);
  }
  for (let b = 0; b < blocks; b++) {
    // each side goes first in every other block, so neither always meets a checkpoint the other left
    if (b % 2 === 0) {
      await timeAppends();
      timeRaw();
    } else {
      timeRaw();
      await timeAppends();
    }
  }
  await outbox.stop();
  await kiosk.close();
  rmSync(dir, { recursive: true, force: true });
  const appendSummary = summarize(appendPer);
  const bare = summarize(rawPer);
  return [
    row(
      'outbox append (own transaction, WAL)',
      {
        value: appendSummary.median,
        unit: 'µs',
        detail: `per call over ${blocks} interleaved blocks of ${perBlock}: append median ${appendSummary.median.toFixed(1)} µs, p95 ${appendSummary.p95.toFixed(1)} µs; raw insert median ${bare.median.toFixed(1)} µs, p95 ${bare.p95.toFixed(1)} µs`,
      },
      { text: 'ratio ≤ 1.5', met: (_v, ratio) => ratio !== null && ratio <= 1.5 },
      { name: 'raw prepared insert', value: bare.median },
    ),
  ];
}
