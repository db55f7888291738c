import { describe, expect, it } from 'vitest';
import { registerTap } from './secret-taps';

function tapAt(times: number[], count = 5, withinMs = 3000): boolean[] {
  let taps: number[] = [];
  return times.map((at) => {
    const next = registerTap(taps, at, count, withinMs);
    taps = next.taps;
    return next.triggered;
  });
}

describe('hidden staff gesture', () => {
  it('triggers on the fifth tap within 3 seconds', () => {
    expect(tapAt([0, 400, 800, 1200, 1600])).toEqual([false, false, false, false, true]);
  });

  it('does not trigger when the taps spread over more than 3 seconds', () => {
    expect(tapAt([0, 1000, 2000, 3000, 3500]).at(-1)).toBe(false);
  });

  it('counts only the recent taps: a slow start then five quick ones still opens it', () => {
    expect(tapAt([0, 5000, 5200, 5400, 5600, 5800]).at(-1)).toBe(true);
  });

  it('starts over after triggering', () => {
    expect(tapAt([0, 100, 200, 300, 400, 500, 600])).toEqual([false, false, false, false, true, false, false]);
  });
});
