import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasSequenceRun, longestRun } from './sequence';

describe('sequence runs', () => {
  it.each([
    ['abcd', 4],
    ['dcba', 4],
    ['1234', 4],
    ['9876', 4],
    ['aaaa', 4],
    ['AbCdE', 5],
    ['aabcd', 4],
    ['abc1', 3],
    ['89ab', 2],
    ['a1b2c3d4', 1],
    ['', 0],
    ['x', 1],
    ['9:;<', 1],
  ])('longest run of %s is %i', (s, n) => {
    expect(longestRun(s)).toBe(n);
  });

  it('flags 4+ and spares 3', () => {
    expect(hasSequenceRun('Qx123Zu987')).toBe(false);
    expect(hasSequenceRun('Qx1234Zu')).toBe(true);
  });

  it('flags any string with 1234, dcba or 1111 inserted', () => {
    fc.assert(
      fc.property(fc.string(), fc.nat(), fc.constantFrom('1234', 'dcba', '1111', 'ZZZZ', 'wxyz'), (s, at, run) => {
        const i = at % (s.length + 1);
        return hasSequenceRun(`${s.slice(0, i)}${run}${s.slice(i)}`);
      }),
    );
  });
});
