/**
 * Fixed one-minute window per key (the X-Kiosk-Id). In memory on purpose: a restart forgetting
 * the window costs at most one extra minute of lookups, and nothing personal is kept.
 */
export function createRateLimiter(limitPerMinute: number, now: () => number) {
  const windows = new Map<string, { start: number; count: number }>();
  return {
    /** true when this call is still within the limit */
    take(key: string): boolean {
      const t = now();
      const current = windows.get(key);
      if (!current || t - current.start >= 60_000) {
        windows.set(key, { start: t, count: 1 });
        if (windows.size > 10_000) windows.clear(); // a flood of invented kiosk ids must not grow memory
        return true;
      }
      current.count += 1;
      return current.count <= limitPerMinute;
    },
  };
}
