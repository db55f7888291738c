import type { Context, Hono, MiddlewareHandler } from 'hono';
import { claimedKioskId, importPublicKey, verifyRequest, type VerifiedRequest } from '../kiosk-auth';
import { recordAudit } from './audit';
import type { CentralDeps } from './deps';
import { fail, parseBody, reply } from './http';
import { sameText, sha256 } from './secrets';

/** What the auth middleware leaves for the routes: the kiosk it authenticated, never a header. */
export type CentralEnv = { Variables: { kioskId: string } };

export const ENROLL_PATH = '/api/v1/kiosks/enroll';
/** Routes any caller may reach: the portal stands for the public IESS portal (DESIGN §5). */
const PUBLIC_PATHS = new Set(['/api/v1/portal/login', ENROLL_PATH]);

export type EnrollResult = { ok: true } | { ok: false; reason: 'taken' | 'revoked' };

/**
 * Enrolls a kiosk's public key. The same key again is a no-op (a kiosk retrying its first start);
 * another key for an enrolled id is refused, so whoever learns the enrollment code cannot take
 * over a running kiosk's identity; a revoked kiosk stays revoked.
 */
export async function enrollKiosk(deps: CentralDeps, kioskId: string, publicKey: string): Promise<EnrollResult> {
  const now = deps.now();
  const inserted = await deps.db
    .insertInto('kiosk')
    .values({ id: kioskId, public_key: publicKey, enrolled_at: now, revoked_at: null })
    .onConflict((oc) => oc.column('id').doNothing())
    .executeTakeFirst();
  if (inserted.numInsertedOrUpdatedRows !== 0n) {
    await recordAudit(deps.db, { at: now, kioskId, action: 'kiosk.enrolled', subject: kioskId });
    return { ok: true };
  }
  const row = await deps.db.selectFrom('kiosk').selectAll().where('id', '=', kioskId).executeTakeFirstOrThrow();
  if (row.revoked_at !== null) return { ok: false, reason: 'revoked' };
  return row.public_key === publicKey ? { ok: true } : { ok: false, reason: 'taken' };
}

export async function revokeKiosk(deps: CentralDeps, kioskId: string): Promise<void> {
  const now = deps.now();
  await deps.db
    .updateTable('kiosk')
    .set({ revoked_at: now })
    .where('id', '=', kioskId)
    .where('revoked_at', 'is', null)
    .execute();
  await recordAudit(deps.db, { at: now, kioskId: null, action: 'kiosk.revoked', subject: kioskId });
}

async function rawBody(c: Context): Promise<Uint8Array> {
  return new Uint8Array(await c.req.arrayBuffer());
}

/**
 * Marks a nonce used; false when it was already seen. The nonce lives in the central's database
 * (not in memory), so a replay sent to another node or after a restart is refused too.
 */
async function spendNonce(deps: CentralDeps, verified: VerifiedRequest): Promise<boolean> {
  const now = deps.now();
  await deps.db.deleteFrom('kiosk_nonce').where('expires_at', '<=', now).execute();
  const inserted = await deps.db
    .insertInto('kiosk_nonce')
    .values({ kiosk_id: verified.kioskId, jti: verified.jti, expires_at: verified.expiresAt })
    .onConflict((oc) => oc.columns(['kiosk_id', 'jti']).doNothing())
    .executeTakeFirst();
  return inserted.numInsertedOrUpdatedRows !== 0n;
}

/** The request as signed: method, path (with query) and the exact bytes of the body. */
async function signedPartsOf(c: Context): Promise<{ method: string; path: string; body: Uint8Array }> {
  const url = new URL(c.req.url);
  const method = c.req.method === 'HEAD' ? 'GET' : c.req.method;
  return { method, path: `${url.pathname}${url.search}`, body: method === 'GET' ? new Uint8Array() : await rawBody(c) };
}

/**
 * Every kiosk route: a valid signature of an enrolled, unrevoked kiosk over this very request,
 * seen for the first time. Anything else is 401 with nothing more said.
 */
export function kioskAuth(deps: CentralDeps): MiddlewareHandler<CentralEnv> {
  return async (c, next) => {
    if (PUBLIC_PATHS.has(c.req.path)) return next();
    const header = c.req.header('authorization');
    const kioskId = claimedKioskId(header);
    if (!kioskId) return fail(c, 401, 'unauthorized');
    const row = await deps.db.selectFrom('kiosk').selectAll().where('id', '=', kioskId).executeTakeFirst();
    const key = row && row.revoked_at === null ? importPublicKey(row.public_key) : null;
    if (!key) return fail(c, 401, 'unauthorized');
    const verified = await verifyRequest(header, key, await signedPartsOf(c), deps.now());
    if (!verified || verified.kioskId !== kioskId) return fail(c, 401, 'unauthorized');
    if (!(await spendNonce(deps, verified))) return fail(c, 401, 'unauthorized');
    c.set('kioskId', kioskId);
    return next();
  };
}

/**
 * POST /kiosks/enroll: a technician's enrollment code plus proof that the caller holds the key
 * it enrolls (the request is signed with it). Without a configured code nothing enrolls here;
 * the embedded central enrolls its own kiosk in-process.
 */
export function registerEnrollRoute(app: Hono<CentralEnv>, deps: CentralDeps): void {
  app.post(ENROLL_PATH, async (c) => {
    const parts = await signedPartsOf(c);
    const body = await parseBody(c, 'enroll');
    if (!body.ok) return body.response;
    const { kioskId, publicKey, code } = body.value;
    const expected = deps.enrollCode;
    // compared as digests so neither the length nor a prefix of the code leaks through timing
    if (!expected || !sameText(sha256(code), sha256(expected))) return fail(c, 401, 'unauthorized');
    const key = importPublicKey(publicKey);
    if (!key) return fail(c, 400, 'invalid_request');
    const verified = await verifyRequest(c.req.header('authorization'), key, parts, deps.now());
    if (!verified || verified.kioskId !== kioskId) return fail(c, 401, 'unauthorized');
    const enrolled = await enrollKiosk(deps, kioskId, publicKey);
    if (!enrolled.ok) return enrolled.reason === 'revoked' ? fail(c, 401, 'unauthorized') : fail(c, 409, 'conflict');
    return reply(c, 'enroll', { enrolled: true });
  });
}
