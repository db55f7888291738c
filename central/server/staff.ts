import type { Hono } from 'hono';
import { routes, SEALED_STAFF_KEY } from '../contract';
import { seal } from '../sealed';
import { recordAudit } from './audit';
import type { CentralDeps } from './deps';
import { fail, parseBody, reply } from './http';
import type { CentralEnv } from './kiosks';
import { offlineKeyFor, offlineKeyId } from './staff-offline';
import { checkStaffPin } from './staff-pin';

/**
 * POST /staff/verify: a staff PIN typed at an enrolled kiosk, checked here whenever the central
 * is reachable; wrong PINs are counted per kiosk (a wrong PIN names nobody) by `checkStaffPin`.
 * A right PIN may bring back this kiosk's offline key, sealed to a one-off key the kiosk sent.
 */
export function registerStaffRoutes(app: Hono<CentralEnv>, deps: CentralDeps): void {
  app.post(routes.staffVerify.path, async (c) => {
    const body = await parseBody(c, 'staffVerify');
    if (!body.ok) return body.response;
    const kioskId = c.get('kioskId');
    const now = deps.now();
    const checked = await checkStaffPin(deps, kioskId, body.value.pin);
    if (checked.kind === 'locked') {
      // the try that used the last one is answered as a refusal the kiosk can show; later ones as 423
      if (checked.now)
        return reply(c, 'staffVerify', { ok: false, attemptsLeft: 0, locked: true, lockedUntil: checked.until });
      return fail(c, 423, 'locked', checked.until);
    }
    if (checked.kind === 'wrong')
      return reply(c, 'staffVerify', { ok: false, attemptsLeft: checked.attemptsLeft, locked: false });
    const match = checked.member;
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
