import { describe, expect, it } from 'vitest';
import { inCommonList, measureStrength } from './strength';

describe('common-password list', () => {
  it('finds a listed password and one with digits appended', () => {
    expect(inCommonList('Superman')).toBe(true);
    expect(inCommonList('teamo123')).toBe(true);
    expect(inCommonList('Chimborazo57')).toBe(false);
  });

  it('does not judge a base shorter than 4 letters', () => {
    expect(inCommonList('abc98765')).toBe(false);
  });

  it('weighs the person’s own words as guessable', () => {
    expect(measureStrength('Rumiñahui1961', []).score).toBeGreaterThan(
      measureStrength('Rumiñahui1961', ['rumiñahui1961']).score,
    );
  });
});
