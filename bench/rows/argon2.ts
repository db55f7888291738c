import { monitorEventLoopDelay } from 'node:perf_hooks';
import argon2 from 'argon2';
import { ARGON2_PARAMS, hashSecret } from '../../electron/core/crypto/argon';
import { row, type BenchRow } from '../report';
import { ms, sample, summarize } from '../stats';

/** Largest event-loop delay (ms) seen while `work` runs, sampled every millisecond. */
async function maxLoopDelay(work: () => Promise<unknown>): Promise<number> {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  await work();
  histogram.disable();
  return histogram.max / 1e6;
}

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

/** The kiosk's argon2id (OWASP minimum) beside the `argon2` package called bare, and what hashing does to the event loop. */
export async function argon2Rows(smoke: boolean): Promise<BenchRow[]> {
  const n = smoke ? 1 : 10;
  const params = `m=${ARGON2_PARAMS.memoryCost},t=${ARGON2_PARAMS.timeCost},p=${ARGON2_PARAMS.parallelism}`;
  await hashSecret('warm-up');
  const kiosk: number[] = [];
  const bare: number[] = [];
  // interleaved, so a neighbour's load on the shared machine falls on both alike
  for (let i = 0; i < n; i++) {
    kiosk.push(...(await sample(1, () => hashSecret(`Chimborazo${i}`))));
    bare.push(...(await sample(1, () => argon2.hash(`Chimborazo${i}`, ARGON2_PARAMS))));
  }
  const hash = summarize(kiosk);
  const reference = summarize(bare);
  let hashing = 0;
  const delay = await maxLoopDelay(async () => {
    const start = performance.now();
    for (let i = 0; i < n; i++) await hashSecret(`Cotopaxi${i}`);
    hashing = performance.now() - start;
  });
  const idleDelay = await maxLoopDelay(() => sleep(Math.max(50, hashing)));
  return [
    row(
      `argon2id hash (${params})`,
      { value: hash.median, unit: 'ms', detail: `kiosk ${ms(hash)}; bare ${ms(reference)}` },
      { text: '≤ 300 ms', met: (v) => v <= 300 },
      { name: 'argon2 bare', value: reference.median },
    ),
    row(
      'event-loop delay while hashing (max)',
      { value: delay, unit: 'ms', detail: `monitorEventLoopDelay over ${n} hashes; reference: the same span idle` },
      { text: '< 20 ms', met: (v) => v < 20 },
      { name: 'idle loop', value: idleDelay },
    ),
  ];
}
