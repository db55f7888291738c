import type { Context, Hono } from 'hono';
import { STAFF_SESSION_HEADER } from '../../domain/fleet';
import { recordAudit } from './audit';
import type { CentralDeps } from './deps';
import { fail, parseBody, reply } from './http';
import type { CentralEnv } from './kiosks';
import { randomToken, sha256, verifySecret } from './secrets';

/** A staff session at the central lasts as long as a staff unlock on a kiosk. */
export const STAFF_SESSION_MS = 10 * 60_000;
/** Wrong PINs per kiosk in a window before the central stops judging PINs from it for a while. */
const MAX_WRONG_PINS = 5;
const WRONG_PIN_WINDOW_MS = 15 * 60_000;

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
 * POST /fleet/staff/session: a staff PIN checked at the central (its own argon2id hashes), from a
 * kiosk it authenticated. Every hash is checked, so timing does not say who matched; wrong PINs
 * from one kiosk are counted in the audit log and refused past the limit.
 */
export function registerStaffSessionRoute(app: Hono<CentralEnv>, deps: CentralDeps): void {
  app.post('/api/v1/fleet/staff/session', async (c) => {
    const body = await parseBody(c, 'staffSession');
    if (!body.ok) return body.response;
    const kioskId = c.get('kioskId');
    const now = deps.now();
    const wrong = await deps.db
      .selectFrom('audit')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('kiosk_id', '=', kioskId)
      .where('action', '=', 'staff.pin_wrong')
      .where('at', '>', now - WRONG_PIN_WINDOW_MS)
      .executeTakeFirstOrThrow();
    if (Number(wrong.n) >= MAX_WRONG_PINS) return fail(c, 429, 'rate_limited');
    const staff = await deps.db.selectFrom('staff').selectAll().execute();
    let match: (typeof staff)[number] | null = null;
    for (const member of staff) if ((await verifySecret(member.pin_hash, body.value.pin)) && !match) match = member;
    if (!match) {
      await recordAudit(deps.db, { at: now, kioskId, action: 'staff.pin_wrong' });
      return fail(c, 401, 'unauthorized');
    }
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
