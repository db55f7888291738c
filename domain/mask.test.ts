import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskEmail, maskId, maskMobile, maskName, maskPhone } from './mask';

describe('maskEmail', () => {
  it.each([
    ['maria@example.com', 'm***a@e******.com'],
    ['a@gmail.com', 'a***@g****.com'],
    ['jo@hotmail.es', 'j***@h******.es'],
    ['rrhh@correo.iess.gob.ec', 'r***h@c*****.iess.gob.ec'],
    ['  Maria.Q@Example.com ', 'M***Q@E******.com'],
    ['nodomain@localhost', 'n***n@l********'],
    ['notanemail', 'n***l'],
    ['', ''],
    ['@example.com', '@e******.com'],
  ])('%s → %s', (email, masked) => {
    expect(maskEmail(email)).toBe(masked);
  });

  it('never shows a 3+ character local part, nor its length', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z0-9]{3,20}$/), fc.stringMatching(/^[a-z]{2,10}$/), (local, label) => {
        const masked = maskEmail(`${local}@${label}.com`);
        // the local part always shows as 5 characters, so its length leaks nothing either
        return (
          !masked.includes(local) &&
          masked === `${local[0]}***${local.at(-1)}@${label[0]}${'*'.repeat(label.length - 1)}.com`
        );
      }),
    );
  });
});

describe('maskName', () => {
  it.each([
    ['María Fernanda Quishpe Toapanta', 'María F. Q. T.'],
    ['  José   Álvarez ', 'José Á.'],
    ['Nayeli', 'Nayeli'],
    ['maría de los ángeles', 'maría D. L. Á.'],
    ['', ''],
  ])('%s → %s', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });
});

describe('maskPhone', () => {
  it.each([
    ['0991234567', '09******67'],
    ['022345678', '02*****78'],
    ['099 123 4567', '09******67'],
    ['1234', '****'],
    ['', ''],
  ])('%s → %s', (phone, masked) => {
    expect(maskPhone(phone)).toBe(masked);
  });
});

describe('maskMobile', () => {
  it.each([
    ['0991234567', '09*****567'],
    ['099 123 4567', '09*****567'],
    ['12345', '*****'],
    ['', ''],
  ])('%s → %s', (mobile, masked) => {
    expect(maskMobile(mobile)).toBe(masked);
  });
});

describe('maskId', () => {
  it.each([
    ['1710034065', '******4065'],
    ['1790011674001', '*********4001'],
    ['AB1234', '**1234'],
    ['123', '***'],
    ['', ''],
  ])('%s → %s', (id, masked) => {
    expect(maskId(id)).toBe(masked);
  });
});
