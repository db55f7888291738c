import type { Context, Hono } from 'hono';
import type { Kysely } from 'kysely';
import { maskMobile } from '../../../domain/mask';
import type { CentralDatabase } from '../../../db/central/schema';
import { CentralError, routes } from '../../contract';
import { activationState, currentActivation } from '../activation';
import { recordAudit } from '../audit';
import { MAX_CODE_TRIES, type CentralDeps } from '../deps';
import { findLiveGrant, type Grant } from '../grants';
import { fail, parseBody, reply } from '../http';
import type { CentralEnv } from '../kiosks';
import { judgeCode, newCode } from '../one-time-code';
import { randomId } from '../secrets';
import { codeMac, codeMatches, numberKey } from './code-mac';
import { checkSmsLimits, pruneSmsCodes, SMS_LIMITS } from './limits';
import { smsCodeText } from './message';
import { clearTries, lockSms, reserveTry, smsLockOf } from './tries';

/** The grant's person and the mobile the central holds for them (null: no SMS way). */
async function personOf(db: Kysely<CentralDatabase>, grant: Grant) {
  return db
    .selectFrom('afiliado')
    .select(['id', 'mobile'])
    .where('id', '=', grant.subject_id)
    .executeTakeFirstOrThrow();
}

async function alreadyConfirmed(db: Kysely<CentralDatabase>, grant: Grant, now: number): Promise<boolean> {
  const activation = await currentActivation(db, grant.grant_hash);
  return activation !== undefined && activationState(activation, now) === 'confirmed';
}

function rateLimited(c: Context, retryAfterSeconds: number | null): Response {
  const body = CentralError.parse({
    error: 'rate_limited',
    ...(retryAfterSeconds === null ? {} : { retryAfterSeconds }),
  });
  return c.json(body, 429, retryAfterSeconds === null ? {} : { 'retry-after': String(retryAfterSeconds) });
}

/**
 * The SMS code, a second way through trámite step 10 beside the emailed link. Same trust as the
 * link: the central makes the code and sends it itself; the kiosk that asked sees only the masked
 * number and never the code, so whoever controls a kiosk cannot skip the factor.
 */
export function registerSmsRoutes(app: Hono<CentralEnv>, deps: CentralDeps): void {
  const { db } = deps;
  const key = deps.keys.smsCode;

  app.post(routes.smsOffer.path, async (c) => {
    const body = await parseBody(c, 'smsOffer');
    if (!body.ok) return body.response;
    const now = deps.now();
    const grant = await findLiveGrant(db, body.value.grant, 'afiliado', now);
    if (!grant) return fail(c, 403, 'grant_invalid');
    const person = await personOf(db, grant);
    if (!person.mobile) return reply(c, 'smsOffer', { available: false, reason: 'no_mobile' });
    const lock = await smsLockOf(db, person.id, now);
    if (lock.locked)
      return reply(c, 'smsOffer', {
        available: false,
        reason: 'locked',
        ...(lock.lockedUntil === null ? {} : { lockedUntil: lock.lockedUntil }),
      });
    return reply(c, 'smsOffer', {
      available: true,
      maskedMobile: maskMobile(person.mobile),
      attemptsLeft: lock.attemptsLeft,
    });
  });

  app.post(routes.smsStart.path, async (c) => {
    const body = await parseBody(c, 'smsStart');
    if (!body.ok) return body.response;
    const now = deps.now();
    const kioskId = c.get('kioskId');
    const grant = await findLiveGrant(db, body.value.grant, 'afiliado', now);
    if (!grant) return fail(c, 403, 'grant_invalid');
    const person = await personOf(db, grant);
    // only a number the central already holds: one typed at the kiosk proves nothing
    if (!person.mobile) return fail(c, 409, 'conflict');
    const lock = await smsLockOf(db, person.id, now);
    if (lock.locked) return fail(c, 423, 'locked', lock.lockedUntil ?? undefined);
    if (await alreadyConfirmed(db, grant, now)) return fail(c, 409, 'conflict');
    await pruneSmsCodes(db, now);
    const subject = { grantHash: grant.grant_hash, numberKey: numberKey(key, person.mobile), kioskId };
    const early = await checkSmsLimits(db, subject, now, 'before');
    if (!early.ok) return rateLimited(c, early.retryAfterSeconds);

    const id = randomId();
    const { code, expiresAt } = newCode(deps.smsCodeTtlSeconds, now);
    await db
      .insertInto('sms_code')
      .values({
        id,
        grant_hash: grant.grant_hash,
        subject_id: person.id,
        kiosk_id: kioskId,
        number_key: subject.numberKey,
        code_mac: codeMac(key, grant.grant_hash, id, code),
        created_at: now,
        expires_at: expiresAt,
        confirmed_at: null,
        spent: 0,
      })
      .execute();
    const after = await checkSmsLimits(db, subject, now, 'after');
    if (!after.ok) {
      await db.deleteFrom('sms_code').where('id', '=', id).execute();
      return rateLimited(c, after.retryAfterSeconds);
    }
    const sent = await deps.sms.send({
      to: person.mobile,
      text: smsCodeText({ code, locale: body.value.locale, ttlSeconds: deps.smsCodeTtlSeconds }),
    });
    if (!sent.ok) {
      // nothing reached the phone: the row must neither verify nor count against the limits
      await db.deleteFrom('sms_code').where('id', '=', id).execute();
      await recordAudit(db, { at: now, kioskId, action: 'sms.failed', subject: person.id, detail: sent.reason });
      return fail(c, 503, 'sms_unavailable');
    }
    // a resend makes every earlier code for this grant useless
    await db
      .updateTable('sms_code')
      .set({ spent: 1 })
      .where('grant_hash', '=', grant.grant_hash)
      .where('id', '!=', id)
      .where('confirmed_at', 'is', null)
      .execute();
    await recordAudit(db, { at: now, kioskId, action: 'sms.sent', subject: person.id });
    return reply(c, 'smsStart', {
      maskedMobile: maskMobile(person.mobile),
      expiresAt,
      resendAvailableAt: Math.min(now + SMS_LIMITS.resendGapMs, expiresAt),
      sendsLeft: after.sendsLeft,
    });
  });

  app.post(routes.smsVerify.path, async (c) => {
    const body = await parseBody(c, 'smsVerify');
    if (!body.ok) return body.response;
    const now = deps.now();
    const kioskId = c.get('kioskId');
    const grant = await findLiveGrant(db, body.value.grant, 'afiliado', now);
    if (!grant) return fail(c, 403, 'grant_invalid');
    const row = await db
      .selectFrom('sms_code')
      .selectAll()
      .where('grant_hash', '=', grant.grant_hash)
      .orderBy('created_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    // no code was sent for this grant, or it was already used: single use, no second confirmation
    if (!row || row.confirmed_at !== null) return fail(c, 409, 'conflict');
    const lock = await smsLockOf(db, row.subject_id, now);
    const lockedReply = (until: number | null) =>
      reply(c, 'smsVerify', {
        ok: false,
        attemptsLeft: 0,
        expired: false,
        locked: true,
        ...(until === null ? {} : { lockedUntil: until }),
      });
    const judged = judgeCode(
      {
        verified: false,
        attemptsLeft: lock.locked || row.spent === 1 ? 0 : lock.attemptsLeft,
        expiresAt: Number(row.expires_at),
      },
      now,
    );
    if (judged === 'exhausted') return lockedReply(lock.locked ? lock.lockedUntil : null);
    if (judged === 'expired')
      return reply(c, 'smsVerify', {
        ok: false,
        attemptsLeft: lock.locked ? 0 : lock.attemptsLeft,
        expired: true,
        locked: false,
      });

    const used = await reserveTry(db, row.subject_id, now);
    if (used === null) {
      const current = await smsLockOf(db, row.subject_id, now);
      return lockedReply(current.locked ? current.lockedUntil : null);
    }
    if (codeMatches(key, row, body.value.code)) {
      const confirmed = await confirmBySms(db, grant, row.id, now);
      await clearTries(db, row.subject_id);
      if (!confirmed) return fail(c, 409, 'conflict');
      await recordAudit(db, {
        at: now,
        kioskId,
        action: 'activation.confirmed',
        subject: row.subject_id,
        detail: 'sms',
      });
      return reply(c, 'smsVerify', { ok: true, attemptsLeft: MAX_CODE_TRIES, expired: false, locked: false });
    }
    if (used >= MAX_CODE_TRIES) {
      const until = now + deps.lockMinutes * 60_000;
      await lockSms(db, row.subject_id, until);
      await recordAudit(db, { at: now, kioskId, action: 'sms.locked', subject: row.subject_id });
      return lockedReply(until);
    }
    return reply(c, 'smsVerify', { ok: false, attemptsLeft: MAX_CODE_TRIES - used, expired: false, locked: false });
  });
}

/**
 * A right code confirms the grant exactly as the link's POST does: the grant's current
 * activation becomes a confirmed one, so activation/status answers "confirmed" and credentials
 * go through unchanged. Its address is empty: the person proved the phone, not a mailbox, so
 * credentials may not register a new address on it (an address on file stays as it is).
 * False when the code was used meanwhile (two right tries at once confirm once).
 */
async function confirmBySms(db: Kysely<CentralDatabase>, grant: Grant, codeId: string, now: number): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const used = await trx
      .updateTable('sms_code')
      .set({ confirmed_at: now })
      .where('id', '=', codeId)
      .where('confirmed_at', 'is', null)
      .where('spent', '=', 0)
      .executeTakeFirst();
    if (used.numUpdatedRows === 0n) return false;
    if (await alreadyConfirmed(trx, grant, now)) return true; // the link was tapped meanwhile
    await trx.updateTable('activation').set({ superseded: 1 }).where('grant_hash', '=', grant.grant_hash).execute();
    await trx
      .insertInto('activation')
      .values({
        // never the sha256 of a link token (those have no ':'), so no link can open this row
        token_hash: `sms:${codeId}`,
        grant_hash: grant.grant_hash,
        email: '',
        created_at: now,
        expires_at: now,
        confirmed_at: now,
        superseded: 0,
      })
      .execute();
    return true;
  });
}
