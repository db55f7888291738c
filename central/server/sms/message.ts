import { isPlainGsm7, septets, SINGLE_SEGMENT_SEPTETS } from './gsm7';

export type SmsLocale = 'es-EC' | 'en';

/**
 * The SMS code message: what the code is for, how long it lasts, and that the IESS never asks for
 * it by phone (the usual fraud is a call "from the IESS" asking for the code just received). One
 * GSM-7 segment without accents (local routes reject them; "codigo", "pedira" are written bare on
 * purpose), in the kiosk's language. The code comes first so a phone can offer to copy it.
 */
const TEXT: Record<SmsLocale, (code: string, minutes: number) => string> = {
  'es-EC': (code, minutes) =>
    `IESS: ${code} es su codigo para generar o recuperar su clave en el kiosco. Vale ${minutes} minutos. ` +
    'El IESS nunca le pedira este codigo por telefono.',
  en: (code, minutes) =>
    `IESS: ${code} is your code to create or recover your IESS password at the kiosk. Valid ${minutes} minutes. ` +
    'IESS never asks for this code by phone.',
};

export function smsCodeText(input: { code: string; locale: SmsLocale; ttlSeconds: number }): string {
  if (!/^\d{6}$/.test(input.code)) throw new RangeError('smsCodeText: the code is 6 digits');
  const minutes = Math.max(1, Math.round(input.ttlSeconds / 60));
  const text = TEXT[input.locale](input.code, minutes);
  // a programming error, not a person's: refuse loudly rather than send two segments or UCS-2
  if (!isPlainGsm7(text) || septets(text) > SINGLE_SEGMENT_SEPTETS)
    throw new RangeError('smsCodeText: the message must be one plain GSM-7 segment');
  return text;
}
