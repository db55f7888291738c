import { resolve } from 'node:path';
import { formatTable, notMeasured, writeResults, type BenchRow } from './report';
import { argon2Rows } from './rows/argon2';
import { bundleRows } from './rows/bundle';
import { drainRows } from './rows/drain-http';
import { helpAlertRows } from './rows/help-alert';
import { hostRows } from './rows/kiosk-host';
import { outboxAppendRows } from './rows/outbox-append';
import { passwordCheckRows } from './rows/password-check';
import { recoverInChromiumRows } from './rows/recover-chromium';

/**
 * `npm run bench`: every figure beside the same work done bare, measured in the same run, so a
 * ratio holds on a shared machine where an absolute time does not. Prints one table and writes
 * bench/results.json. Nothing here fails on a missed target: timing belongs in this table, not in
 * tests. `--smoke` runs each row once (part of `npm test`, so the bench cannot rot) and fails
 * only when a row could not run at all; it leaves results.json alone.
 */
const smoke = process.argv.includes('--smoke');
const started = performance.now();
const rows: BenchRow[] = [];
const broken: string[] = [];

async function measure(
  what: string,
  fallback: { name: string; unit: string; target: string },
  work: () => Promise<BenchRow[]> | BenchRow[],
): Promise<BenchRow[]> {
  const start = performance.now();
  try {
    const measured = await work();
    rows.push(...measured);
    console.error(`bench: ${what} done in ${((performance.now() - start) / 1000).toFixed(1)} s`);
    return measured;
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    broken.push(`${what}: ${reason}`);
    rows.push(notMeasured(fallback.name, fallback.unit, fallback.target, `failed: ${reason}`));
    return [];
  }
}

await measure('argon2id', { name: 'argon2id hash', unit: 'ms', target: '≤ 300 ms' }, () => argon2Rows(smoke));
await measure(
  'live password check',
  { name: 'live password check p95, one hash running', unit: 'ms', target: 'p95 < 50 ms' },
  () => passwordCheckRows(smoke),
);
await measure('outbox append', { name: 'outbox append', unit: 'µs', target: 'ratio ≤ 1.5' }, () =>
  outboxAppendRows(smoke),
);
await measure('drain over HTTP', { name: 'drain over HTTP', unit: 'events/s', target: '≥ 2,000 events/s' }, () =>
  drainRows(smoke),
);
await measure(
  'help request to the supervisor',
  { name: 'help request to the supervisor screen p95', unit: 'ms', target: '≤ 2,000 ms' },
  () => helpAlertRows(smoke),
);
await measure('renderer bundle', { name: 'renderer bundle JS, gzipped', unit: 'KB', target: '< 150 KB' }, () =>
  bundleRows(),
);
const host = await measure('web host flows', { name: 'web host rows', unit: 'ms', target: 'see README' }, () =>
  hostRows(smoke),
);
const socketFlow = host
  .find((r) => r.name.startsWith('step round trip'))
  ?.detail.match(/whole flow over the socket (\d+) ms/)?.[1];
await measure('Recuperar in Chromium', { name: 'Recuperar flow in Chromium', unit: 'ms', target: 'reported' }, () =>
  recoverInChromiumRows(smoke, socketFlow ? Number(socketFlow) : null),
);

console.log(formatTable(rows));
console.log(
  `\n${smoke ? 'smoke run (each row once)' : 'full run'} in ${((performance.now() - started) / 1000).toFixed(0)} s on ${process.platform}, Node ${process.versions.node}`,
);
if (!smoke) {
  const file = resolve(import.meta.dirname, 'results.json');
  writeResults(file, rows);
  console.log(`written to ${file}`);
}
if (broken.length > 0) console.error(`\nrows that could not run:\n  ${broken.join('\n  ')}`);
// a row that left a socket, a timer or a child behind must not hold `npm test` open: the table
// is printed and written, so the run ends here
process.exit(broken.length > 0 ? 1 : 0);
