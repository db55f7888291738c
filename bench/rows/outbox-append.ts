import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openKioskDb } from '../../db/kiosk/open';
import { createKioskOutbox } from '../../electron/core/sync/outbox-service';
import { ulid } from '../../electron/core/sync/ulid';
import { row, type BenchRow } from '../report';
import { summarize } from '../stats';

/**
 * `outbox.append` as the core calls it (its own transaction, WAL, the same kiosk.db settings)
 * against a raw better-sqlite3 prepared insert of the same row shape in its own transaction,
 * interleaved in blocks so both see the same machine load.
 */
export async function outboxAppendRows(smoke: boolean): Promise<BenchRow[]> {
  const blocks = smoke ? 1 : 20;
  const perBlock = smoke ? 10 : 200;
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
  const appendPer: number[] = [];
  const rawPer: number[] = [];
  let rawSeq = 0;
  for (let b = 0; b < blocks; b++) {
    let start = performance.now();
    for (let i = 0; i < perBlock; i++)
      await outbox.append('session.event', `ses-${i % 20}`, {
        event: 'started',
        flow: 'recover',
        step: null,
        at: Date.now(),
      });
    appendPer.push(((performance.now() - start) * 1000) / perBlock);
    start = performance.now();
    for (let i = 0; i < perBlock; i++) rawInsert(rawSeq++);
    rawPer.push(((performance.now() - start) * 1000) / perBlock);
  }
  await outbox.stop();
  await kiosk.close();
  rmSync(dir, { recursive: true, force: true });
  const append = summarize(appendPer);
  const bare = summarize(rawPer);
  return [
    row(
      'outbox append (own transaction, WAL)',
      {
        value: append.median,
        unit: 'µs',
        detail: `median of ${blocks} blocks of ${perBlock} appends; raw insert median ${bare.median.toFixed(1)} µs`,
      },
      { text: 'ratio ≤ 1.5', met: (_v, ratio) => ratio !== null && ratio <= 1.5 },
      { name: 'raw prepared insert', value: bare.median },
    ),
  ];
}
