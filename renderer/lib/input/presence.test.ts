import { describe, expect, it } from 'vitest';
import { presenceFromClick } from './presence';

describe('presence from the "No soy un robot" click', () => {
  it('refuses a synthetic (untrusted) click', () => {
    expect(presenceFromClick({ isTrusted: false }, 1000, 0, 1100)).toBeNull();
  });
  it('reports a touch when a finger went down just before', () => {
    expect(presenceFromClick({ isTrusted: true }, 4900, 1000, 5000)).toEqual({
      trusted: true,
      via: 'pointer',
      elapsedMs: 4000,
    });
  });
  it('reports the keyboard when no pointer went down', () => {
    expect(presenceFromClick({ isTrusted: true }, null, 0, 2500)).toEqual({
      trusted: true,
      via: 'keyboard',
      elapsedMs: 2500,
    });
  });
  it('a stale pointerdown does not count as a touch', () => {
    expect(presenceFromClick({ isTrusted: true }, 0, 0, 10_000)?.via).toBe('keyboard');
  });
});
