import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cedulaCheckDigit, isValidCedula } from './cedula';

const digit = fc.integer({ min: 0, max: 9 }).map(String);
const province = fc.constantFrom(...Array.from({ length: 24 }, (_, i) => String(i + 1).padStart(2, '0')), '30', '50');
/** A 9-digit prefix with a valid province and third digit (DESIGN §2). */
const prefix9 = fc
  .tuple(province, fc.integer({ min: 0, max: 6 }), fc.array(digit, { minLength: 6, maxLength: 6 }))
  .map(([p, third, rest]) => `${p}${third}${rest.join('')}`);
const validCedula = prefix9.map((p) => `${p}${cedulaCheckDigit(p)}`);

describe('isValidCedula', () => {
  it.each(['1710034065', '1714307103', '0962467429'])('accepts the known valid %s', (id) => {
    expect(isValidCedula(id)).toBe(true);
  });

  it.each([
    ['1714307104', 'wrong check digit'],
    ['2510034065', 'province 25'],
    ['0010034065', 'province 00'],
    ['1770034065', 'third digit 7'],
    ['171003406', 'nine digits'],
    ['17100340655', 'eleven digits'],
    ['17100340a5', 'a letter'],
    [' 1710034065', 'a leading space'],
    ['', 'empty'],
  ])('rejects %s (%s)', (id) => {
    expect(isValidCedula(id)).toBe(false);
  });

  it('computes the check digit of the known examples', () => {
    expect(cedulaCheckDigit('171003406')).toBe(5);
    expect(cedulaCheckDigit('096246742')).toBe(9);
    expect(cedulaCheckDigit('17100340')).toBeNaN();
  });

  it('accepts every cédula built with the algorithm', () => {
    fc.assert(fc.property(validCedula, (id) => isValidCedula(id)));
  });

  it('rejects a valid cédula whose check digit was changed', () => {
    fc.assert(
      fc.property(validCedula, fc.integer({ min: 1, max: 9 }), (id, shift) => {
        const changed = `${id.slice(0, 9)}${(Number(id[9]) + shift) % 10}`;
        return !isValidCedula(changed);
      }),
    );
  });

  it('rejects strings of any other length or with a non-digit', () => {
    fc.assert(
      fc.property(
        fc.string().filter((s) => !/^\d{10}$/.test(s)),
        (s) => !isValidCedula(s),
      ),
    );
    fc.assert(
      fc.property(
        validCedula,
        fc.integer({ min: 0, max: 9 }),
        fc.constantFrom('a', ' ', '-', '٣', 'x'),
        (id, at, ch) => {
          return !isValidCedula(`${id.slice(0, at)}${ch}${id.slice(at + 1)}`);
        },
      ),
    );
  });
});
