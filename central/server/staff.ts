import type { Hono } from 'hono';
import { SEALED_STAFF_KEY } from '../contract';
import { seal } from '../sealed';
import { recordAudit } from './audit';
import { MAX_STAFF_PIN_TRIES, STAFF_PIN_LOCK_MS, type CentralDeps } from './deps';
import { fail, parseBody, reply } from './http';
import type { CentralEnv } from './kiosks';
import { offlineKeyFor, offlineKeyId } from './staff-offline';
import { clearTries, lockKey, takeTry, type ThrottleRule } from './throttle';

const RULE: ThrottleRule = { limit: MAX_STAFF_PIN_TRIES, windowMs: STAFF_PIN_LOCK_MS, lockMs: STAFF_PIN_LOCK_MS };

/**
 * POST /staff/verify: a staff PIN typed at an enrolled kiosk, checked here whenever the central
 * is reachable. Wrong PINs are counted here per kiosk (a wrong PIN names nobody), each try before
 * any hash is checked, so racing screens or a kiosk's own restarts cannot reset or outrun them.
 * A right PIN may bring back this kiosk's offline key, sealed to a one-off key the kiosk sent.
 */
export function registerStaffRoutes(app: Hono<CentralEnv>, deps: CentralDeps): void {
  app.post('/api/v1/staff/verify', async (c) => {
    const body = await parseBody(c, 'staffVerify');
    if (!body.ok) return body.response;
    const kioskId = c.get('kioskId');
    const now = deps.now();
    const key = `staff-pin:${kioskId}`;
    const taken = await takeTry(deps.db, key, RULE, now);
    if (!taken.ok) return fail(c, 423, 'locked', taken.retryAt);

    const members = await deps.db
      .selectFrom('staff')
      .select(['id', 'name', 'role', 'pin_hash'])
      .orderBy('id')
      .execute();
    // every hash is checked, so the time taken does not say which member matched (or whether any exists)
    let match: (typeof members)[number] | null = null;
    for (const member of members) {
      if ((await deps.hasher.verify(member.pin_hash, body.value.pin)) && !match) match = member;
    }
    if (members.length === 0) await deps.hasher.verifyDummy(body.value.pin);

    if (!match) {
      if (taken.tries >= MAX_STAFF_PIN_TRIES) {
        await lockKey(deps.db, key, RULE, now);
        await recordAudit(deps.db, { at: now, kioskId, action: 'staff.pin_locked', subject: kioskId });
        return reply(c, 'staffVerify', { ok: false, attemptsLeft: 0, locked: true, lockedUntil: now + RULE.lockMs });
      }
      return reply(c, 'staffVerify', { ok: false, attemptsLeft: MAX_STAFF_PIN_TRIES - taken.tries, locked: false });
    }
    await clearTries(deps.db, key);
    await recordAudit(deps.db, { at: now, kioskId, action: 'staff.unlocked', subject: match.id });
    let offlineKey: { kid: string; sealed: string } | undefined;
    if (body.value.sealTo) {
      const kioskKey = offlineKeyFor(deps.keys.staffOffline, kioskId);
      try {
        const sealed = seal(body.value.sealTo, SEALED_STAFF_KEY, { key: kioskKey.toString('base64url') });
        offlineKey = { kid: offlineKeyId(kioskKey), sealed };
      } catch {
        return fail(c, 400, 'invalid_request');
      }
    }
    return reply(c, 'staffVerify', {
      ok: true,
      staff: { id: match.id, name: match.name, role: match.role },
      ...(offlineKey ? { offlineKey } : {}),
    });
  });
}
