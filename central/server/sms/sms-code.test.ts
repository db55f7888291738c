import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SmsStartResponse } from '../../contract';
import type { Harness } from '../testkit';
import { SMS_LIMITS } from './limits';
import {
  grantFor,
  JORGE,
  LUIS_NO_MOBILE,
  MARIA,
  offer,
  parsedVerify,
  smsHarness,
  start,
  startAndRead,
  verify,
  wrongOf,
} from './sms-testkit';
import type { SmsSender } from './types';

let h: Harness;
beforeEach(async () => {
  h = await smsHarness();
});
afterEach(() => h.close());

const status = async (grant: string) =>
  (await (await h.call('/api/v1/activation/status', { grant })).json()) as unknown;

describe('SMS code: offer and sending', () => {
  it('is offered only when the central holds a mobile, and names it masked', async () => {
    expect(await offer(h, await grantFor(h, MARIA.id, 'recover'))).toEqual({
      available: true,
      maskedMobile: '09*****567',
      attemptsLeft: 5,
    });
    const luis = await grantFor(h, LUIS_NO_MOBILE, 'recover');
    expect(await offer(h, luis)).toEqual({ available: false, reason: 'no_mobile' });
    const refused = await start(h, luis);
    expect([refused.status, await refused.json()]).toEqual([409, { error: 'conflict' }]);
    expect(h.deps.sms.outbox?.list()).toEqual([]);
  });

  it('sends one 6-digit code to the number on file, valid 5 minutes, in the kiosk language', async () => {
    const grant = await grantFor(h, JORGE.id);
    const es = await startAndRead(h, grant, JORGE.mobile);
    expect(es.code).toMatch(/^\d{6}$/);
    expect(es).toMatchObject({ maskedMobile: '09*****321', expiresAt: h.clock.t + 300_000 });
    expect(es.resendAvailableAt).toBe(h.clock.t + 30_000);
    const sent = h.deps.sms.outbox?.list() ?? [];
    expect(sent).toHaveLength(1);
    expect(sent[0]?.to).toBe(JORGE.mobile);
    expect(sent[0]?.text).toMatch(/codigo para generar o recuperar su clave/);

    h.clock.t += 31_000;
    const res = await start(h, grant, undefined, 'en');
    expect(res.status).toBe(200);
    expect(h.deps.sms.outbox?.latestTo(JORGE.mobile)?.text).toMatch(/IESS never asks for this code by phone/);
  });

  it('keeps the code only as an HMAC bound to the grant: the row holds neither the code nor the number', async () => {
    const grant = await grantFor(h, MARIA.id, 'recover');
    const { code } = await startAndRead(h, grant, MARIA.mobile);
    const rows = await h.store.db.selectFrom('sms_code').selectAll().execute();
    expect(rows).toHaveLength(1);
    const dump = JSON.stringify(rows);
    expect(dump).not.toContain(code);
    expect(dump).not.toContain(MARIA.mobile);
    expect(dump).not.toContain(MARIA.mobile.slice(1)); // nor the international form's digits
    expect(rows[0]?.code_mac).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(rows[0]?.kiosk_id).toBe('KIOSCO-01');
  });

  it('a send failure answers sms_unavailable, leaves no usable code and costs no quota', async () => {
    const working = h.deps.sms;
    const down: SmsSender = {
      outbox: null,
      send: async () => ({ ok: false, reason: 'unavailable' }),
      close: async () => {},
    };
    h.deps.sms = down;
    const grant = await grantFor(h, JORGE.id);
    for (let i = 0; i < SMS_LIMITS.perNumberPerHour + 1; i++) {
      const res = await start(h, grant);
      expect([res.status, await res.json()]).toEqual([503, { error: 'sms_unavailable' }]);
    }
    expect(await h.store.db.selectFrom('sms_code').selectAll().execute()).toEqual([]);
    h.deps.sms = working;
    expect((await start(h, grant)).status).toBe(200);
  });
});

describe('SMS code: checking', () => {
  it('a right code confirms the grant exactly as the link does: status confirmed, then the clave is set', async () => {
    const grant = await grantFor(h, JORGE.id);
    const blocked = await h.call('/api/v1/credentials', h.sealed(grant, { password: 'Pilahuin2025' }));
    expect([blocked.status, await blocked.json()]).toEqual([409, { error: 'activation_pending' }]);
    const { code } = await startAndRead(h, grant, JORGE.mobile);
    expect(await status(grant)).toEqual({ error: 'not_found' });
    expect(parsedVerify(await verify(h, grant, code))).toEqual({
      ok: true,
      attemptsLeft: 5,
      expired: false,
      locked: false,
    });
    expect(await status(grant)).toEqual({ state: 'confirmed' });
    const set = await h.call(
      '/api/v1/credentials',
      h.sealed(grant, { password: 'Pilahuin2025', mobile: JORGE.mobile }),
    );
    expect(await set.json()).toEqual({ applied: true });
    const login = await h.call('/api/v1/portal/login', { id: JORGE.id, password: 'Pilahuin2025' });
    expect([login.status, await login.json()]).toEqual([200, { ok: true }]);
  });

  it('proves the phone, not a mailbox: credentials may not register a new address on it', async () => {
    const grant = await grantFor(h, JORGE.id);
    const { code } = await startAndRead(h, grant, JORGE.mobile);
    expect(parsedVerify(await verify(h, grant, code)).ok).toBe(true);
    const refused = await h.call(
      '/api/v1/credentials',
      h.sealed(grant, { password: 'Pilahuin2025', email: 'someone@example.com' }),
    );
    expect([refused.status, await refused.json()]).toEqual([409, { error: 'conflict' }]);
  });

  it('is single use: the same code again is refused, and no second start is possible once confirmed', async () => {
    const grant = await grantFor(h, JORGE.id);
    const { code } = await startAndRead(h, grant, JORGE.mobile);
    expect(parsedVerify(await verify(h, grant, code)).ok).toBe(true);
    expect(await verify(h, grant, code)).toEqual({ status: 409, body: { error: 'conflict' } });
    h.clock.t += 60_000;
    const again = await start(h, grant);
    expect([again.status, await again.json()]).toEqual([409, { error: 'conflict' }]);
    const audit = await h.store.db
      .selectFrom('audit')
      .select('detail')
      .where('action', '=', 'activation.confirmed')
      .execute();
    expect(audit).toEqual([{ detail: 'sms' }]);
  });

  it('a code is bound to its grant: another grant of the same person cannot use it', async () => {
    const first = await grantFor(h, JORGE.id);
    const { code } = await startAndRead(h, first, JORGE.mobile);
    const second = await grantFor(h, JORGE.id);
    expect(await verify(h, second, code)).toEqual({ status: 409, body: { error: 'conflict' } });
    h.clock.t += 31_000;
    await startAndRead(h, second, JORGE.mobile);
    const other = parsedVerify(await verify(h, second, code));
    expect(other.ok).toBe(false);
  });

  it('a resend voids the old code', async () => {
    const grant = await grantFor(h, JORGE.id);
    const old = await startAndRead(h, grant, JORGE.mobile);
    h.clock.t += 31_000;
    const fresh = await startAndRead(h, grant, JORGE.mobile);
    if (old.code === fresh.code) return; // one in a million: nothing to tell apart
    expect(parsedVerify(await verify(h, grant, old.code))).toMatchObject({ ok: false, attemptsLeft: 4 });
    expect(parsedVerify(await verify(h, grant, fresh.code)).ok).toBe(true);
  });

  it('expires after 5 minutes by the injected clock: refused as expired, the try not counted, RESEND at once', async () => {
    const grant = await grantFor(h, JORGE.id);
    const { code } = await startAndRead(h, grant, JORGE.mobile);
    h.clock.t += 300_000;
    expect(parsedVerify(await verify(h, grant, code))).toEqual({
      ok: false,
      attemptsLeft: 5,
      expired: true,
      locked: false,
    });
    const again = await start(h, grant);
    expect(again.status).toBe(200);
  });

  it('one second before expiry it still works', async () => {
    const grant = await grantFor(h, JORGE.id);
    const { code } = await startAndRead(h, grant, JORGE.mobile);
    h.clock.t += 299_000;
    expect(parsedVerify(await verify(h, grant, code)).ok).toBe(true);
  });

  it('5 wrong tries across two kiosks and two grants lock the SMS way; the email link stays open', async () => {
    const a = await grantFor(h, MARIA.id, 'recover');
    const codeA = (await startAndRead(h, a, MARIA.mobile, 'KIOSCO-A')).code;
    for (const [n, left] of [
      [1, 4],
      [2, 3],
      [3, 2],
    ] as const)
      expect(parsedVerify(await verify(h, a, wrongOf(codeA, n), 'KIOSCO-A'))).toMatchObject({
        ok: false,
        attemptsLeft: left,
      });
    // the person walks to another kiosk and verifies again: the count goes with them
    h.clock.t += 31_000;
    const b = await grantFor(h, MARIA.id, 'recover');
    expect(await offer(h, b, 'KIOSCO-B')).toMatchObject({ available: true, attemptsLeft: 2 });
    const codeB = (await startAndRead(h, b, MARIA.mobile, 'KIOSCO-B')).code;
    expect(parsedVerify(await verify(h, b, wrongOf(codeB), 'KIOSCO-B'))).toMatchObject({ attemptsLeft: 1 });
    const locked = parsedVerify(await verify(h, b, wrongOf(codeB, 2), 'KIOSCO-B'));
    expect(locked).toEqual({
      ok: false,
      attemptsLeft: 0,
      expired: false,
      locked: true,
      lockedUntil: h.clock.t + 1440 * 60_000,
    });
    // the right code no longer helps, on either kiosk
    expect(parsedVerify(await verify(h, b, codeB, 'KIOSCO-B'))).toMatchObject({ ok: false, locked: true });
    expect(parsedVerify(await verify(h, a, codeA, 'KIOSCO-A'))).toMatchObject({ ok: false, locked: true });
    expect(await offer(h, b)).toEqual({ available: false, reason: 'locked', lockedUntil: locked.lockedUntil });
    const more = await start(h, b);
    expect([more.status, await more.json()]).toEqual([423, { error: 'locked', lockedUntil: locked.lockedUntil }]);
    const email = await h.call('/api/v1/activation/start', { grant: b });
    expect(email.status).toBe(200);
  });

  it('the lock runs out with the central lock time, and a right code clears the count', async () => {
    const g = await grantFor(h, JORGE.id);
    const { code } = await startAndRead(h, g, JORGE.mobile);
    for (let i = 1; i <= 5; i++) await verify(h, g, wrongOf(code, i));
    h.clock.t += 1440 * 60_000;
    const later = await grantFor(h, JORGE.id);
    expect(await offer(h, later)).toMatchObject({ available: true, attemptsLeft: 5 });
    const fresh = await startAndRead(h, later, JORGE.mobile);
    expect(parsedVerify(await verify(h, later, wrongOf(fresh.code)))).toMatchObject({ attemptsLeft: 4 });
    expect(parsedVerify(await verify(h, later, fresh.code))).toMatchObject({ ok: true, attemptsLeft: 5 });
    const row = await h.store.db
      .selectFrom('afiliado')
      .select(['sms_failed_attempts', 'sms_locked_until'])
      .where('id', '=', JORGE.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ sms_failed_attempts: 0, sms_locked_until: null });
  });

  it('guesses sent all at once compare at most 5 times', async () => {
    const g = await grantFor(h, JORGE.id);
    const { code } = await startAndRead(h, g, JORGE.mobile);
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) => verify(h, g, wrongOf(code, i + 1)).then(parsedVerify)),
    );
    // four counted wrong tries, the fifth locked, and every other guess refused uncompared
    const open = answers.filter((a) => !a.locked).map((a) => a.attemptsLeft);
    expect(open.sort()).toEqual([1, 2, 3, 4]);
    expect(answers.filter((a) => a.locked)).toHaveLength(8);
    const locks = await h.store.db.selectFrom('audit').select('action').where('action', '=', 'sms.locked').execute();
    expect(locks).toHaveLength(1);
    const row = await h.store.db
      .selectFrom('afiliado')
      .select('sms_failed_attempts')
      .where('id', '=', JORGE.id)
      .executeTakeFirstOrThrow();
    expect(row.sms_failed_attempts).toBe(5);
  });
});

describe('SMS code: limits counted at the central', () => {
  it('RESEND waits 30 s while the code is alive, then goes', async () => {
    const g = await grantFor(h, JORGE.id);
    await startAndRead(h, g, JORGE.mobile);
    h.clock.t += 10_000;
    const early = await start(h, g);
    expect(early.status).toBe(429);
    expect(early.headers.get('retry-after')).toBe('20');
    expect(await early.json()).toEqual({ error: 'rate_limited', retryAfterSeconds: 20 });
    h.clock.t += 20_000;
    expect((await start(h, g)).status).toBe(200);
  });

  it('3 codes per number per hour, whichever kiosk and grant ask; the hour frees them', async () => {
    const sendsLeft: number[] = [];
    for (const kiosk of ['KIOSCO-A', 'KIOSCO-B', 'KIOSCO-C']) {
      const res = await start(h, await grantFor(h, MARIA.id, 'recover'), kiosk);
      expect(res.status).toBe(200);
      sendsLeft.push(SmsStartResponse.parse(await res.json()).sendsLeft);
      h.clock.t += 31_000;
    }
    expect(sendsLeft).toEqual([2, 1, 0]);
    const fourth = await start(h, await grantFor(h, MARIA.id, 'recover'), 'KIOSCO-D');
    expect(fourth.status).toBe(429);
    const body = (await fourth.json()) as { error: string; retryAfterSeconds: number };
    expect(body.error).toBe('rate_limited');
    expect(body.retryAfterSeconds).toBe(60 * 60 - 3 * 31);
    expect(h.deps.sms.outbox?.list()).toHaveLength(3);
    // another number is not held up by this one
    expect((await start(h, await grantFor(h, JORGE.id), 'KIOSCO-D')).status).toBe(200);
    h.clock.t += body.retryAfterSeconds * 1000;
    expect((await start(h, await grantFor(h, MARIA.id, 'recover'), 'KIOSCO-D')).status).toBe(200);
  });

  it(`${SMS_LIMITS.perKioskPerHour} codes per kiosk per hour, whatever the numbers`, async () => {
    for (let i = 0; i <= SMS_LIMITS.perKioskPerHour; i++) {
      const id = `17${String(i).padStart(8, '0')}`;
      await h.store.db
        .insertInto('afiliado')
        .values({
          id,
          id_type: 'cedula',
          full_name: 'Persona de Prueba',
          birth_date: '1970-01-01',
          email: null,
          data_updated_in_person: 0,
          has_password: 0,
          password_hash: null,
          security_image: null,
          mobile: `0990${String(i).padStart(6, '0')}`,
          landline: null,
          failed_attempts: 0,
          locked_until: null,
          credentials_updated_at: null,
        })
        .execute();
      const res = await start(h, await grantFor(h, id), 'KIOSCO-FLOOD');
      expect(res.status, `code ${i + 1}`).toBe(i < SMS_LIMITS.perKioskPerHour ? 200 : 429);
    }
    expect(h.deps.sms.outbox?.list()).toHaveLength(SMS_LIMITS.perKioskPerHour);
  });

  it('rows older than a day are pruned at the next start', async () => {
    await startAndRead(h, await grantFor(h, JORGE.id), JORGE.mobile);
    h.clock.t += 24 * 60 * 60_000 + 1;
    await startAndRead(h, await grantFor(h, MARIA.id, 'recover'), MARIA.mobile);
    const rows = await h.store.db.selectFrom('sms_code').select('subject_id').execute();
    expect(rows).toEqual([{ subject_id: MARIA.id }]);
  });
});
