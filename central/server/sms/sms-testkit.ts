import { expect } from 'vitest';
import { SmsOfferResponse, SmsStartResponse, SmsVerifyResponse, type SeedFile } from '../../contract';
import { issueGrant } from '../grants';
import { createHarness, TEST_SEED, type Harness } from '../testkit';
import type { SmsSender } from './types';

/** The test seed with mobiles on file: María (recover, email on file) and Jorge (generate, no email). */
export const MARIA = { id: '1710034065', mobile: '0991234567' } as const;
export const JORGE = { id: '1714307103', mobile: '0987654321' } as const;
/** Luis has no mobile on file: no SMS way for him. */
export const LUIS_NO_MOBILE = '0901234567';

export const SMS_SEED: SeedFile = {
  ...TEST_SEED,
  afiliados: TEST_SEED.afiliados.map((a) =>
    a.id === MARIA.id
      ? { ...a, mobile: MARIA.mobile }
      : a.id === JORGE.id
        ? { ...a, mobile: JORGE.mobile }
        : { ...a, locked: false },
  ),
};

export function smsHarness(sms?: SmsSender): Promise<Harness> {
  return createHarness({ seed: SMS_SEED, ...(sms ? { sms } : {}) });
}

/** A grant as identity/verify hands out after the questions (the questions have their own tests). */
export async function grantFor(h: Harness, personId: string, intent: 'generate' | 'recover' = 'generate') {
  return issueGrant(h.store.db, { kind: 'afiliado', subjectId: personId, intent }, h.clock.t);
}

export async function offer(h: Harness, grant: string, kiosk?: string) {
  const res = await h.call('/api/v1/sms/offer', { grant }, kiosk ? { 'x-kiosk-id': kiosk } : {});
  expect(res.status).toBe(200);
  return SmsOfferResponse.parse(await res.json());
}

export async function start(h: Harness, grant: string, kiosk?: string, locale: 'es-EC' | 'en' = 'es-EC') {
  return h.call('/api/v1/sms/start', { grant, locale }, kiosk ? { 'x-kiosk-id': kiosk } : {});
}

/** Starts a code and reads it from the capture outbox, as only the person's phone could. */
export async function startAndRead(h: Harness, grant: string, mobile: string, kiosk?: string) {
  const res = await start(h, grant, kiosk);
  expect(res.status).toBe(200);
  const answer = SmsStartResponse.parse(await res.json());
  const sms = h.deps.sms.outbox?.latestTo(mobile);
  const code = sms && /\b(\d{6})\b/.exec(sms.text)?.[1];
  if (!code) throw new Error('no code in the captured SMS');
  return { ...answer, code };
}

export async function verify(h: Harness, grant: string, code: string, kiosk?: string) {
  const res = await h.call('/api/v1/sms/verify', { grant, code }, kiosk ? { 'x-kiosk-id': kiosk } : {});
  return { status: res.status, body: (await res.json()) as unknown };
}

export function parsedVerify(v: { status: number; body: unknown }) {
  expect(v.status).toBe(200);
  return SmsVerifyResponse.parse(v.body);
}

export const wrongOf = (code: string, n = 1) => String((Number(code) + n) % 1_000_000).padStart(6, '0');
