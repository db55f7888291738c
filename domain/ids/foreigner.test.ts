import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isForeignerCodeShape, normalizeForeignerCode } from './foreigner';

describe('foreigner code shape', () => {
  it.each(['AB123456', 'P1234567', '123456', 'X9Y8Z7W6V5U4T3S', 'ab1234'])('accepts %s', (code) => {
    expect(isForeignerCodeShape(code)).toBe(true);
  });

  it.each(['AB123', 'ABCDEFGH', 'AB 123456', 'AB-123456', 'ÑA123456', '1234567890123456', ''])('rejects %s', (code) => {
    expect(isForeignerCodeShape(code)).toBe(false);
  });

  it('normalises by trimming and upper-casing', () => {
    expect(normalizeForeignerCode('  ab123456\n')).toBe('AB123456');
  });

  it('accepts any 6–15 alphanumerics with a digit, and rejects anything with a space', () => {
    const alnum = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefxyz0123456789'.split(''));
    fc.assert(
      fc.property(fc.array(alnum, { minLength: 5, maxLength: 14 }), fc.integer({ min: 0, max: 9 }), (chars, d) => {
        const code = `${chars.join('')}${d}`;
        return isForeignerCodeShape(code) && !isForeignerCodeShape(`${code.slice(0, 3)} ${code.slice(3)}`);
      }),
    );
  });
});
