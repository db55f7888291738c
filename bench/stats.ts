import { performance } from 'node:perf_hooks';

export type Summary = { n: number; median: number; p95: number; mean: number; max: number };

/** Nearest-rank percentile of sorted samples. */
function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export function summarize(samples: number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const mean = sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length);
  return {
    n: sorted.length,
    median: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    mean,
    max: sorted.at(-1) ?? Number.NaN,
  };
}

/** Runs `work` n times one after another and returns the wall time of each run, in ms. */
export async function sample(n: number, work: (i: number) => unknown): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    await work(i);
    samples.push(performance.now() - start);
  }
  return samples;
}

export const ms = (s: Summary) => `median ${s.median.toFixed(1)} ms, p95 ${s.p95.toFixed(1)} ms, n=${s.n}`;
