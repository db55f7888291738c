import type { Context, Hono } from 'hono';
import { STAFF_SESSION_HEADER } from '../../domain/fleet';
import { recordAudit } from './audit';
import type { CentralDeps } from './deps';
import { fail, parseBody, reply } from './http';
import type { CentralEnv } from './kiosks';
import { randomToken, sha256 } from './secrets';
import { checkStaffPin } from './staff-pin';
import { routes } from '../contract';

/** A staff session at the central lasts as long as a staff unlock on a kiosk. */
export const STAFF_SESSION_MS = 10 * 60_000;

export type StaffSession = { staffId: string; role: string; kioskId: string; office: string };

/**
 * The staff session a request carries (header or body), valid only for the kiosk whose signature
 * the request bears: a token read off one kiosk opens nothing from another. Supervisor role only.
 */
export async function staffSessionOf(
  deps: CentralDeps,
  c: Context<CentralEnv>,
  token: string | undefined,
): Promise<StaffSession | null> {
  if (!token || token.length > 100) return null;
  const row = await deps.db
    .selectFrom('staff_session')
    .selectAll()
    .where('token_hash', '=', sha256(token))
    .executeTakeFirst();
  if (!row || Number(row.expires_at) <= deps.now() || row.kiosk_id !== c.get('kioskId') || row.role !== 'supervisor')
    return null;
  return { staffId: row.staff_id, role: row.role, kioskId: row.kiosk_id, office: row.office };
}

export function headerSession(c: Context<CentralEnv>): string | undefined {
  return c.req.header(STAFF_SESSION_HEADER);
}

/**
 * POST /fleet/staff/session: a staff PIN checked at the central, from a kiosk it authenticated,
 * by the same `checkStaffPin` as the kiosk's unlock: the wrong PINs of both count as one.
 */
export function registerStaffSessionRoute(app: Hono<CentralEnv>, deps: CentralDeps): void {
  app.post(routes.staffSession.path, async (c) => {
    const body = await parseBody(c, 'staffSession');
    if (!body.ok) return body.response;
    const kioskId = c.get('kioskId');
    const now = deps.now();
    const checked = await checkStaffPin(deps, kioskId, body.value.pin);
    if (checked.kind === 'locked') return fail(c, 423, 'locked', checked.until);
    if (checked.kind === 'wrong') return fail(c, 401, 'unauthorized');
    const match = checked.member;
    const token = randomToken();
    const expiresAt = now + STAFF_SESSION_MS;
    await deps.db.deleteFrom('staff_session').where('expires_at', '<=', now).execute();
    await deps.db
      .insertInto('staff_session')
      .values({
        token_hash: sha256(token),
        staff_id: match.id,
        role: match.role,
        kiosk_id: kioskId,
        office: body.value.office,
        created_at: now,
        expires_at: expiresAt,
      })
      .execute();
    await recordAudit(deps.db, { at: now, kioskId, action: 'staff.session', subject: match.id, detail: match.role });
    return reply(c, 'staffSession', { token, staffId: match.id, role: match.role, expiresAt });
  });
}
