import type { KeyObject } from 'node:crypto';
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { routes } from '../contract';
import { claimedKioskId, importPublicKey, verifyRequest, type VerifiedRequest } from '../kiosk-auth';
import { recordAudit } from './audit';
import { spendEnrollCode } from './enroll-codes';
import type { CentralDeps } from './deps';
import { fail, parseBody, reply } from './http';
import { sameText, sha256 } from './secrets';

/** What the auth middleware leaves for the routes: the kiosk it authenticated, never a header. */
export type CentralEnv = { Variables: { kioskId: string } };

/** Routes any caller may reach: the portal stands for the public IESS portal (DESIGN §5). */
const PUBLIC_PATHS = new Set<string>([routes.portalLogin.path, routes.enroll.path]);

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

/** Expired nonces are deleted at most this often per node (housekeeping: an expired token is refused anyway). */
const NONCE_PURGE_MS = 60_000;

/**
 * Marks a nonce used; false when it was already seen, or when the kiosk is no longer enrolled
 * with `publicKey` (revoked meanwhile, by any node). One statement: the nonce lives in the
 * central's database (not in memory), so a replay sent to another node or after a restart is
 * refused too, and the kiosk's standing is read in the same statement that spends it.
 */
async function spendNonce(deps: CentralDeps, verified: VerifiedRequest, publicKey: string): Promise<boolean> {
  const inserted = await deps.db
    .insertInto('kiosk_nonce')
    .columns(['kiosk_id', 'jti', 'expires_at'])
    .expression(
      deps.db
        .selectNoFrom((eb) => [
          // typed, so PostgreSQL does not take the parameters of a bare select for text
          eb.cast(eb.val(verified.kioskId), 'text').as('kiosk_id'),
          eb.cast(eb.val(verified.jti), 'text').as('jti'),
          eb.cast(eb.val(verified.expiresAt), 'bigint').as('expires_at'),
        ])
        .where(({ exists, selectFrom }) =>
          exists(
            selectFrom('kiosk')
              .select('id')
              .where('id', '=', verified.kioskId)
              .where('public_key', '=', publicKey)
              .where('revoked_at', 'is', null),
          ),
        ),
    )
    .onConflict((oc) => oc.columns(['kiosk_id', 'jti']).doNothing())
    .executeTakeFirst();
  return inserted.numInsertedOrUpdatedRows !== 0n;
}

/**
 * The public keys of enrolled kiosks, read once per node: a kiosk id never changes its key
 * (enrollKiosk refuses another key for an enrolled id), and whether it is still enrolled, with
 * this key and not revoked, is checked again on every request by spendNonce. Bounded: a flood of
 * invented ids is never cached (only keys found in the database are).
 */
function createKeyCache(deps: CentralDeps) {
  const keys = new Map<string, { spki: string; key: KeyObject }>();
  return {
    async get(kioskId: string): Promise<{ spki: string; key: KeyObject } | null> {
      const held = keys.get(kioskId);
      if (held) return held;
      const row = await deps.db
        .selectFrom('kiosk')
        .select(['public_key', 'revoked_at'])
        .where('id', '=', kioskId)
        .executeTakeFirst();
      const key = row && row.revoked_at === null ? importPublicKey(row.public_key) : null;
      if (!row || !key) return null;
      if (keys.size >= 10_000) keys.clear();
      const entry = { spki: row.public_key, key };
      keys.set(kioskId, entry);
      return entry;
    },
    forget(kioskId: string): void {
      keys.delete(kioskId);
    },
  };
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
  const keys = createKeyCache(deps);
  let purgedAt = -Infinity;
  return async (c, next) => {
    if (PUBLIC_PATHS.has(c.req.path)) return next();
    const header = c.req.header('authorization');
    const kioskId = claimedKioskId(header);
    if (!kioskId) return fail(c, 401, 'unauthorized');
    const enrolled = await keys.get(kioskId);
    if (!enrolled) return fail(c, 401, 'unauthorized');
    const verified = await verifyRequest(header, enrolled.key, await signedPartsOf(c), deps.now());
    if (!verified || verified.kioskId !== kioskId) return fail(c, 401, 'unauthorized');
    const now = deps.now();
    if (now - purgedAt >= NONCE_PURGE_MS) {
      purgedAt = now;
      await deps.db.deleteFrom('kiosk_nonce').where('expires_at', '<=', now).execute();
    }
    if (!(await spendNonce(deps, verified, enrolled.spki))) {
      // revoked (or gone) since its key was read: read again next time
      keys.forget(kioskId);
      return fail(c, 401, 'unauthorized');
    }
    c.set('kioskId', kioskId);
    return next();
  };
}

/**
 * POST /kiosks/enroll: an enrollment code plus proof that the caller holds the key it enrolls
 * (the request is signed with it). The code is the office's CENTRAL_ENROLL_CODE (DESIGN §5) or a
 * one-time code issued for this kiosk id (`npm run central -- enroll-code <KIOSK_ID>`), spent
 * only once the signature holds, so nobody without the key can burn it. The embedded central
 * enrolls its own kiosk in-process.
 */
export function registerEnrollRoute(app: Hono<CentralEnv>, deps: CentralDeps): void {
  app.post(routes.enroll.path, async (c) => {
    const parts = await signedPartsOf(c);
    const body = await parseBody(c, 'enroll');
    if (!body.ok) return body.response;
    const { kioskId, publicKey, code } = body.value;
    const expected = deps.enrollCode;
    // compared as digests so neither the length nor a prefix of the code leaks through timing
    const officeCode = expected !== null && sameText(sha256(code), sha256(expected));
    const key = importPublicKey(publicKey);
    if (!key) return fail(c, 400, 'invalid_request');
    const verified = await verifyRequest(c.req.header('authorization'), key, parts, deps.now());
    if (!verified || verified.kioskId !== kioskId) return fail(c, 401, 'unauthorized');
    if (!officeCode && !(await spendEnrollCode(deps, code, kioskId))) return fail(c, 401, 'unauthorized');
    const enrolled = await enrollKiosk(deps, kioskId, publicKey);
    if (!enrolled.ok) return enrolled.reason === 'revoked' ? fail(c, 401, 'unauthorized') : fail(c, 409, 'conflict');
    return reply(c, 'enroll', { enrolled: true });
  });
}
