import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PasswordRule } from '../vocabulary';
import { PASSWORD_MAX, PASSWORD_MIN, checkPassword } from './policy';

const maria = ['1710034065', '1961-08-14'];
const check = (password: string, personal: string[] = maria) => checkPassword({ password, repeat: password, personal });
/** zxcvbn costs ~15 ms a call; property runs stay few where it is called. */
const FEW = { numRuns: 40 };

describe('checkPassword', () => {
  it('lets a strong mixed password through', () => {
    for (const strong of ['Pichincha83x', 'Tungurahua42']) expect(check(strong).broken).toEqual([]);
    const result = check('Chimborazo57');
    expect(result).toEqual({ broken: [], matches: true, strength: expect.any(Number) });
    expect(result.strength).toBeGreaterThanOrEqual(2);
  });

  it.each<[string, PasswordRule, string]>([
    ['Ab3xQ9', 'length', 'too short'],
    ['Ab3xQ9wZ7pL2mN8k', 'length', 'too long (16)'],
    ['Chimbo razo57', 'alphabet', 'a space'],
    ['Montaña7Rx2', 'alphabet', 'ñ, outside the portal alphabet'],
    ['Chimb!razo57', 'alphabet', 'a symbol'],
    ['Rx1234Quilo', 'sequence', 'ascending digits'],
    ['Rx9876Quilo', 'sequence', 'descending digits'],
    ['QxabcdZ7mu', 'sequence', 'ascending letters'],
    ['Qx7mDcBaZu', 'sequence', 'descending letters, mixed case'],
    ['Qx7maaaaZu', 'sequence', 'repeated letters'],
    ['Qx71111Zum', 'sequence', 'repeated digits'],
    ['Zq1710034065', 'personal', 'the cédula'],
    ['Zq14081961x', 'personal', 'birth date ddmmyyyy'],
    ['Zq19610814x', 'personal', 'birth date yyyymmdd'],
    ['Zqv140861Kw', 'personal', 'birth date ddmmyy'],
    ['password1', 'common', 'a listed password'],
    ['Superman12', 'common', 'a listed password with digits appended'],
    ['qwertyuiop', 'common', 'a keyboard row, low zxcvbn score'],
    ['Quito2020', 'common', 'a place and a year, low zxcvbn score'],
    ['Guayaquil', 'common', 'a dictionary word'],
  ])('%s breaks %s (%s)', (password, rule) => {
    expect(check(password).broken).toContain(rule);
  });

  it('finds the personal data whatever its case, and inside a RUC', () => {
    expect(checkPassword({ password: 'zzAB123456qq', repeat: '', personal: ['ab123456'] }).broken).toContain(
      'personal',
    );
    expect(checkPassword({ password: 'Qz1710034065', repeat: '', personal: ['1710034065001'] }).broken).toContain(
      'personal',
    );
    expect(check('Chimborazo57', ['0962467429', '1990-01-02']).broken).not.toContain('personal');
  });

  it('lists the broken rules in the contract order', () => {
    expect(check('aaaa 1961').broken).toEqual(['alphabet', 'sequence']);
    expect(check('aaaa1961').broken).toEqual(['sequence', 'common']);
    expect(check('1710034065x').broken).toEqual(['personal', 'common']);
    expect(check('').broken).toEqual(['length', 'common']);
  });

  it('says the repeat matches only when equal and non-empty', () => {
    expect(checkPassword({ password: 'Chimborazo57', repeat: 'Chimborazo57', personal: [] }).matches).toBe(true);
    expect(checkPassword({ password: 'Chimborazo57', repeat: 'chimborazo57', personal: [] }).matches).toBe(false);
    expect(checkPassword({ password: '', repeat: '', personal: [] }).matches).toBe(false);
  });

  it('never shows a strong meter for a common password', () => {
    const result = check('Superman12');
    expect(result.strength).toBeLessThanOrEqual(1);
  });

  it('exports the DESIGN §2 bounds', () => {
    expect([PASSWORD_MIN, PASSWORD_MAX]).toEqual([8, 15]);
  });

  it('breaks length for any string longer than 15', () => {
    const alnum = fc.constantFrom(...'abcXYZ0123456789qwrtKLM'.split(''));
    fc.assert(
      fc.property(fc.array(alnum, { minLength: PASSWORD_MAX + 1, maxLength: 64 }), (chars) =>
        check(chars.join('')).broken.includes('length'),
      ),
      FEW,
    );
  });

  it('breaks sequence whenever 1234 is inserted', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 11 }), fc.nat(), (s, at) => {
        const i = at % (s.length + 1);
        return check(`${s.slice(0, i)}1234${s.slice(i)}`).broken.includes('sequence');
      }),
      FEW,
    );
  });

  it('never reports a broken length for 8–15 letters and digits', () => {
    const alnum = fc.constantFrom(...'abcXYZ0123456789qwrtKLM'.split(''));
    fc.assert(
      fc.property(fc.array(alnum, { minLength: PASSWORD_MIN, maxLength: PASSWORD_MAX }), (chars) => {
        const broken = check(chars.join('')).broken;
        return !broken.includes('length') && !broken.includes('alphabet');
      }),
      FEW,
    );
  });
});
