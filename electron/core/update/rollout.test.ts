import { describe, expect, it } from 'vitest';
import { isKioskWithinRollout, rolloutPosition } from './rollout';

const ids = Array.from({ length: 10_000 }, (_, i) => `KIOSCO-${String(i).padStart(5, '0')}`);

describe('staged rollout rings by kiosk id', () => {
  it.each([1, 10, 25, 50, 75, 90])('a release staged at %i %% reaches that share of 10,000 kiosks (±2 %%)', (pct) => {
    const share = ids.filter((id) => isKioskWithinRollout(id, pct)).length / ids.length;
    expect(Math.abs(share - pct / 100)).toBeLessThanOrEqual(0.02);
  });

  it('0 % reaches nobody and 100 % everybody; no percentage means everybody', () => {
    expect(ids.some((id) => isKioskWithinRollout(id, 0))).toBe(false);
    expect(ids.every((id) => isKioskWithinRollout(id, 100))).toBe(true);
    expect(ids.every((id) => isKioskWithinRollout(id, undefined))).toBe(true);
  });

  it('an unreadable percentage reaches nobody rather than the whole fleet', () => {
    expect(ids.some((id) => isKioskWithinRollout(id, '50' as unknown))).toBe(false);
    expect(ids.some((id) => isKioskWithinRollout(id, Number.NaN))).toBe(false);
  });

  it('gives a kiosk the same answer every time, and widening a rollout never drops a kiosk', () => {
    const id = 'QUITO-NORTE-03';
    const position = rolloutPosition(id);
    expect(rolloutPosition(id)).toBe(position);
    expect(position).toBeGreaterThanOrEqual(0);
    expect(position).toBeLessThan(100);
    for (const k of ids.slice(0, 500)) {
      const first = [5, 20, 50, 80].map((p) => isKioskWithinRollout(k, p));
      expect([5, 20, 50, 80].map((p) => isKioskWithinRollout(k, p))).toEqual(first);
      // monotone: once in at p %, in at every larger p
      expect(first).toEqual([...first].sort((a, b) => Number(a) - Number(b)));
    }
  });

  it('puts different kiosks in different places', () => {
    expect(new Set(ids.slice(0, 1000).map(rolloutPosition)).size).toBe(1000);
  });
});
