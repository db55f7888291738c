import type { RateCheck } from './context';

/**
 * trámite step 3: BUSCAR is rate limited per kiosk (sliding window), before the central's own
 * limit, so a script at one kiosk is slowed here and the person learns how long to wait.
 */
export function createSlidingLimiter(limit: number, windowMs: number, now: () => number): () => RateCheck {
  const taken: number[] = [];
  return () => {
    const t = now();
    while (taken.length > 0 && taken[0]! <= t - windowMs) taken.shift();
    if (taken.length >= limit) {
      const retryAfterSeconds = Math.max(1, Math.ceil((taken[0]! + windowMs - t) / 1000));
      return { ok: false, retryAfterSeconds };
    }
    taken.push(t);
    return { ok: true };
  };
}
