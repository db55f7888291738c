import { describe, expect, it } from 'vitest';
import { GSM7_BASIC_ALPHABET, isGsm7Basic, isPlainGsm7, septets, SINGLE_SEGMENT_SEPTETS } from './gsm7';
import { smsCodeText, type SmsLocale } from './message';

const LOCALES: SmsLocale[] = ['es-EC', 'en'];

describe('GSM-7 basic alphabet', () => {
  it('has the 128 positions of GSM 03.38 (the escape included) and none of the extension table', () => {
    expect([...GSM7_BASIC_ALPHABET]).toHaveLength(128);
    for (const ext of ['€', '[', ']', '{', '}', '^', '~', '|', '\\']) expect(isGsm7Basic(ext)).toBe(false);
  });

  it('refuses accents outside the table, and the plain check refuses every accented letter', () => {
    for (const accented of ['código', 'teléfono', 'pedirá', 'Ú']) expect(isPlainGsm7(accented)).toBe(false);
    expect(isGsm7Basic('á')).toBe(false);
    expect(isGsm7Basic('é')).toBe(true); // in the table, yet some local routes drop it
    expect(isPlainGsm7('é')).toBe(false);
    expect(isPlainGsm7('codigo 123456.')).toBe(true);
  });
});

describe('SMS code message', () => {
  it.each(LOCALES)('%s: one segment, plain GSM-7, with the code, its use and the phone warning', (locale) => {
    // the longest it can get: 6 digits and a two-digit minute count
    for (const ttlSeconds of [60, 300, 5940]) {
      const text = smsCodeText({ code: '012345', locale, ttlSeconds });
      expect(septets(text), text).toBeLessThanOrEqual(SINGLE_SEGMENT_SEPTETS);
      expect(isPlainGsm7(text), text).toBe(true);
      expect(text).toContain('012345');
    }
  });

  it('Spanish names the trámite and says the IESS never asks by phone, without accents', () => {
    const text = smsCodeText({ code: '482915', locale: 'es-EC', ttlSeconds: 300 });
    expect(text).toBe(
      'IESS: 482915 es su codigo para generar o recuperar su clave en el kiosco. Vale 5 minutos. ' +
        'El IESS nunca le pedira este codigo por telefono.',
    );
    expect(text).not.toMatch(/[áéíóúñÁÉÍÓÚÑ]/);
  });

  it('English says the same', () => {
    const text = smsCodeText({ code: '482915', locale: 'en', ttlSeconds: 300 });
    expect(text).toMatch(/^IESS: 482915 is your code to create or recover your IESS password/);
    expect(text).toMatch(/Valid 5 minutes\./);
    expect(text).toMatch(/IESS never asks for this code by phone\.$/);
  });

  it('refuses a code that is not 6 digits', () => {
    expect(() => smsCodeText({ code: '12345', locale: 'en', ttlSeconds: 300 })).toThrow(RangeError);
    expect(() => smsCodeText({ code: '12345a', locale: 'en', ttlSeconds: 300 })).toThrow(RangeError);
  });
});
