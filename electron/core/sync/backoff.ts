/** Retry delay after `attempts` failures: exponential with full jitter (1 s base, 5 min cap),
 * so kiosks coming back after an outage do not hit the central in step. */
export const BACKOFF_BASE_MS = 1_000;
export const BACKOFF_CAP_MS = 5 * 60_000;

export function retryDelayMs(attempts: number, random: () => number = Math.random): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1));
  return Math.max(250, Math.floor(random() * ceiling));
}
