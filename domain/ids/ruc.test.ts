import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cedulaCheckDigit } from './cedula';
import { checkRuc, isValidBranch, mod11CheckDigit } from './ruc';

const digits = (n: number) =>
  fc.array(fc.integer({ min: 0, max: 9 }).map(String), { minLength: n, maxLength: n }).map((d) => d.join(''));
const province = fc.constantFrom(...Array.from({ length: 24 }, (_, i) => String(i + 1).padStart(2, '0')), '30', '50');
const branch = fc.integer({ min: 1, max: 999 }).map((n) => String(n).padStart(3, '0'));

describe('checkRuc', () => {
  it('reads 1790011674001 as a private company with a good check digit', () => {
    expect(checkRuc('1790011674001')).toEqual({ ok: true, kind: 'private', checkDigitOk: true });
  });

  it('reads a cédula + establishment as a natural person', () => {
    expect(checkRuc('1710034065001')).toEqual({ ok: true, kind: 'natural', checkDigitOk: true });
    expect(checkRuc('0962467429999')).toEqual({ ok: true, kind: 'natural', checkDigitOk: true });
  });

  it('reads 1760013210001 (SRI) as a public entity with a good check digit', () => {
    expect(checkRuc('1760013210001')).toEqual({ ok: true, kind: 'public', checkDigitOk: true });
  });

  it('accepts a company RUC whose mod-11 fails, flagging it (DESIGN §2: the central decides)', () => {
    expect(checkRuc('1790011675001')).toEqual({ ok: true, kind: 'private', checkDigitOk: false });
    expect(checkRuc('1760013220001')).toEqual({ ok: true, kind: 'public', checkDigitOk: false });
  });

  it.each([
    ['1710034065000', 'establishment 000'],
    ['1790011674000', 'company establishment 000'],
    ['1760013210000', 'public establishment 0000'],
    ['2590011674001', 'province 25'],
    ['0090011674001', 'province 00'],
    ['171003406500', '12 digits'],
    ['17100340650011', '14 digits'],
    ['1710034064001', 'natural with a bad cédula'],
    ['1770011674001', 'third digit 7'],
    ['1780011674001', 'third digit 8'],
    ['17900116740O1', 'a letter O'],
    ['', 'empty'],
  ])('rejects %s (%s)', (ruc) => {
    expect(checkRuc(ruc)).toEqual({ ok: false });
  });

  it('accepts every natural RUC built from a valid cédula and a branch', () => {
    const natural = fc.tuple(province, fc.integer({ min: 0, max: 5 }), digits(6), branch).map(([p, t, rest, b]) => {
      const nine = `${p}${t}${rest}`;
      return `${nine}${cedulaCheckDigit(nine)}${b}`;
    });
    fc.assert(
      fc.property(natural, (ruc) => {
        const r = checkRuc(ruc);
        return r.ok && r.kind === 'natural' && r.checkDigitOk;
      }),
    );
  });

  it('accepts every private RUC with its mod-11 digit as checkDigitOk, whatever the digit', () => {
    const weights = [4, 3, 2, 7, 6, 5, 4, 3, 2];
    fc.assert(
      fc.property(province, digits(6), branch, fc.integer({ min: 0, max: 9 }), (p, rest, b, d) => {
        const nine = `${p}9${rest}`;
        const check = mod11CheckDigit(nine, weights);
        const r = checkRuc(`${nine}${d}${b}`);
        return r.ok && r.kind === 'private' && r.checkDigitOk === (check === d);
      }),
    );
  });

  it('rejects any string that is not 13 digits', () => {
    fc.assert(
      fc.property(
        fc.string().filter((s) => !/^\d{13}$/.test(s)),
        (s) => !checkRuc(s).ok,
      ),
    );
  });

  it('rejects any RUC whose establishment is 000', () => {
    fc.assert(fc.property(digits(10), (ten) => !checkRuc(`${ten}000`).ok || ten[2] === '6'));
  });
});

describe('isValidBranch', () => {
  it('accepts 001–999 and nothing else', () => {
    expect(isValidBranch('001')).toBe(true);
    expect(isValidBranch('999')).toBe(true);
    for (const bad of ['000', '01', '0001', '1a1', '', ' 01']) expect(isValidBranch(bad)).toBe(false);
  });
});
