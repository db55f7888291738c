import { describe, expect, it } from 'vitest';
import { containsPersonal, personalTokens } from './personal';

describe('personal tokens', () => {
  it('derives the written forms of the birth date and keeps the ids', () => {
    expect(personalTokens(['1710034065', '1961-08-14']).sort()).toEqual(
      ['140861', '14081961', '1710034065', '19610814'].sort(),
    );
  });

  it('adds the cédula inside a RUC, lower-cases codes and skips tiny fragments', () => {
    expect(personalTokens(['1790011674001'])).toEqual(['1790011674001', '1790011674']);
    expect(personalTokens([' AB123456 ', 'x1', ''])).toEqual(['ab123456']);
  });

  it('matches case-insensitively anywhere in the password', () => {
    const tokens = personalTokens(['AB123456']);
    expect(containsPersonal('qqab123456zz', tokens)).toBe(true);
    expect(containsPersonal('qqab12345zz', tokens)).toBe(false);
  });
});
