import type { Context, Hono } from 'hono';
import type { CentralEnv } from './kiosks';
import { sealPublicKeyOf } from '../sealed';
import { buildCatalogs, staffForCatalogs } from './catalog';
import type { CentralDeps } from './deps';
import { fail, parseBody, reply } from './http';
import { sourceOf } from './source';
import { clearTries, lockKey, takeTry, type ThrottleRule } from './throttle';
import { routes } from '../contract';

/** Catalogs for the kiosk cache, and the portal login that proves a flow really set a clave. */
export function registerPortalRoutes(app: Hono<CentralEnv>, deps: CentralDeps): void {
  const { db } = deps;
  app.get(routes.catalogs.path, async (c) => {
    const kioskId = c.get('kioskId');
    // built per request and per kiosk: staff can change under a running central (seed
    // re-import), and what a kiosk caches of their PINs is keyed for that kiosk alone
    const staff = await staffForCatalogs(db, deps.keys.staffOffline, kioskId);
    const { catalogs, etag } = buildCatalogs(deps.office, staff, sealPublicKeyOf(deps.sealKey));
    const match = c.req.header('if-none-match');
    if (match && match.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)) {
      return c.body(null, 304, { etag });
    }
    c.header('etag', etag);
    c.header('cache-control', 'no-cache');
    return reply(c, 'catalogs', catalogs);
  });

  const { perAccount, perSource, windowMs, lockMs } = deps.portalLogin;
  const accountRule: ThrottleRule = { limit: perAccount, windowMs, lockMs };
  const sourceRule: ThrottleRule = { limit: perSource, windowMs, lockMs };
  const refuse = (c: Context, retryAt: number) => {
    c.header('retry-after', String(Math.max(1, Math.ceil((retryAt - deps.now()) / 1000))));
    return fail(c, 429, 'rate_limited');
  };

  app.post(routes.portalLogin.path, async (c) => {
    const body = await parseBody(c, 'portalLogin');
    if (!body.ok) return body.response;
    const { id, password } = body.value;
    const now = deps.now();
    // no kiosk credentials here (DESIGN §5: it stands for the public portal). Each try is counted
    // before the clave is checked, per account (whether or not it exists, so the lock says
    // nothing about it) and per source address, so neither racing nor spreading the guesses
    // over many accounts goes faster than the limits
    const accountKey = `portal:account:${id}`;
    const sourceKey = `portal:source:${sourceOf(c)}`;
    const bySource = await takeTry(db, sourceKey, sourceRule, now);
    if (!bySource.ok) return refuse(c, bySource.retryAt);
    const byAccount = await takeTry(db, accountKey, accountRule, now);
    if (!byAccount.ok) return refuse(c, byAccount.retryAt);

    if (await clavesMatch(deps, id, password)) {
      await clearTries(db, accountKey);
      return reply(c, 'portalLogin', { ok: true });
    }
    if (byAccount.tries >= perAccount) await lockKey(db, accountKey, accountRule, now);
    if (bySource.tries >= perSource) await lockKey(db, sourceKey, sourceRule, now);
    return c.json({ ok: false }, 401);
  });
}

/**
 * The same work whether the account exists, has a clave or not: a cédula or foreigner code is one
 * afiliado, so one verification (against a dummy hash of the same parameters when there is no
 * clave); a RUC is an employer with one verification per branch (the branches are public data).
 */
async function clavesMatch(deps: CentralDeps, id: string, password: string): Promise<boolean> {
  const { db, hasher } = deps;
  if (/^\d{13}$/.test(id)) {
    const branches = await db.selectFrom('employer').select('password_hash').where('ruc', '=', id).execute();
    if (branches.length === 0) return hasher.verifyDummy(password);
    let match = false;
    for (const { password_hash } of branches) if (await hasher.verify(password_hash, password)) match = true;
    return match;
  }
  const person = await db.selectFrom('afiliado').select('password_hash').where('id', '=', id).executeTakeFirst();
  return hasher.verify(person?.password_hash, password);
}
