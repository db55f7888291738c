import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { appendOutbox } from '../db/kiosk/outbox';
import { openKioskDb } from '../db/kiosk/open';
import { hashSecret, verifySecret } from '../electron/core/crypto/argon';
import { checkPassword } from '../domain/password/policy';
import { createDrainLoop } from '../electron/core/sync/drain';
import { ulid } from '../electron/core/sync/ulid';

/**
 * `npm run bench`: the kiosk's speed targets, measured on this machine and printed as a table.
 * Targets are what a person at the kiosk would notice; nothing here fails a build.
 */
type Row = { what: string; n: number; mean: number; p95: number; unit: string; target: string; meets: boolean };
const rows: Row[] = [];

async function time(what: string, n: number, target: number, run: (i: number) => Promise<unknown> | unknown): Promise<void> {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    await run(i);
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  const mean = samples.reduce((a, b) => a + b, 0) / n;
  const p95 = samples[Math.min(n - 1, Math.floor(n * 0.95))] ?? mean;
  rows.push({ what, n, mean, p95, unit: 'ms', target: `p95 < ${target} ms`, meets: p95 < target });
}

const passwords = ['Chimborazo57', 'Cotopaxi2024', 'password1', 'Rx1234Quilo', 'Pichincha83x', 'Qx7mDcBaZu', 'abc', 'Tungurahua42'];
const personal = ['1710034065', '1961-08-14'];

// GENERAR hashes one clave; generate also hashes ≥3 answers: the person waits for all of them
await time('argon2id hash (m=19456,t=2,p=1)', 10, 500, () => hashSecret('Chimborazo57'));
const phc = await hashSecret('Chimborazo57');
await time('argon2id verify', 10, 500, () => verifySecret(phc, 'Chimborazo57'));
// the dictionaries load on the first check of a process: the kiosk pays it once, not per keystroke
await time('first password check (loads the dictionaries)', 1, 1000, () => checkPassword({ password: 'Chimborazo57', repeat: '', personal }));
// live feedback runs after every keystroke (debounced 150 ms): it must feel instant
await time('password policy check (zxcvbn + rules)', 200, 50, (i) => checkPassword({ password: passwords[i % passwords.length]!, repeat: '', personal }));

const dir = mkdtempSync(join(tmpdir(), 'kiosk-bench-'));
const { db, close } = await openKioskDb(dir);
const appendCount = 500;
await time('outbox append (own transaction, WAL)', appendCount, 20, (i) =>
  db.transaction().execute((trx) => appendOutbox(trx, { id: ulid(), idempotencyKey: ulid(), aggregateId: `s${i % 20}`, kind: 'session.event', payload: { event: 'started', flow: 'generate', step: null, at: Date.now() }, now: Date.now() })),
);
const loop = createDrainLoop({ db, push: async (batch) => ({ ok: true, outcomes: batch.map((r) => ({ key: r.idempotency_key, outcome: 'applied' as const })) }), batchSize: 50 });
const drainStart = performance.now();
loop.wake();
await loop.idle();
const drainMs = performance.now() - drainStart;
rows.push({ what: `outbox drain of ${appendCount} rows (batches of 50, local push)`, n: 1, mean: drainMs, p95: drainMs, unit: 'ms', target: '< 2000 ms', meets: drainMs < 2000 });
await close();
rmSync(dir, { recursive: true, force: true });

const rssMb = process.memoryUsage().rss / 1024 / 1024;
rows.push({ what: 'process RSS after the runs', n: 1, mean: rssMb, p95: rssMb, unit: 'MB', target: '< 300 MB', meets: rssMb < 300 });

const pad = (s: string, n: number) => s.padEnd(n);
console.log(`\n${pad('benchmark', 52)} ${pad('n', 5)} ${pad('mean', 10)} ${pad('p95', 10)} ${pad('target', 14)} meets`);
console.log('-'.repeat(100));
for (const r of rows) {
  console.log(`${pad(r.what, 52)} ${pad(String(r.n), 5)} ${pad(`${r.mean.toFixed(1)} ${r.unit}`, 10)} ${pad(`${r.p95.toFixed(1)} ${r.unit}`, 10)} ${pad(r.target, 14)} ${r.meets ? 'yes' : 'NO'}`);
}
