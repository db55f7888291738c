import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCentralClient, type CentralClient } from '../../client';
import type { Harness } from '../testkit';
import { grantFor, MARIA, smsHarness } from './sms-testkit';
import type { SmsSender } from './types';

/** What the kiosk core will see of the SMS routes, through the typed central client. */
let h: Harness;
let client: CentralClient;
beforeEach(async () => {
  h = await smsHarness();
  client = createCentralClient({
    baseUrl: 'http://central.test',
    identity: h.kiosk,
    now: () => h.clock.t,
    fetch: async (input, init) => h.app.request(new URL(String(input)).pathname, init),
  });
});
afterEach(() => h.close());

describe('SMS routes through the central client', () => {
  it('offer, start, a RESEND too soon (with its wait), an SMS centre down, and the right code', async () => {
    const grant = await grantFor(h, MARIA.id, 'recover');
    expect(await client.call('smsOffer', { grant })).toEqual({
      ok: true,
      value: { available: true, maskedMobile: '09*****567', attemptsLeft: 5 },
    });
    const started = await client.call('smsStart', { grant, locale: 'es-EC' });
    expect(started).toMatchObject({ ok: true, value: { maskedMobile: '09*****567', sendsLeft: 2 } });
    const code = /\b(\d{6})\b/.exec(h.deps.sms.outbox?.latestTo(MARIA.mobile)?.text ?? '')?.[1] ?? '';

    expect(await client.call('smsStart', { grant, locale: 'es-EC' })).toEqual({
      ok: false,
      failure: { kind: 'rejected', status: 429, error: 'rate_limited', retryAfterSeconds: 30 },
    });

    const working = h.deps.sms;
    const down: SmsSender = {
      outbox: null,
      send: async () => ({ ok: false, reason: 'unavailable' }),
      close: async () => {},
    };
    h.deps.sms = down;
    h.clock.t += 31_000;
    expect(await client.call('smsStart', { grant, locale: 'en' })).toEqual({
      ok: false,
      failure: { kind: 'unavailable', reason: 'sms' },
    });
    h.deps.sms = working;

    // the failed resend left the first code alive
    expect(await client.call('smsVerify', { grant, code })).toEqual({
      ok: true,
      value: { ok: true, attemptsLeft: 5, expired: false, locked: false },
    });
    expect(await client.call('activationStatus', { grant })).toEqual({ ok: true, value: { state: 'confirmed' } });
  });
});
