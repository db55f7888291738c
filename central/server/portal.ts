import type { Hono } from 'hono';
import type { CentralEnv } from './kiosks';
import { sealPublicKeyOf } from '../sealed';
import { buildCatalogs, staffForCatalogs } from './catalog';
import type { CentralDeps } from './deps';
import { fail, parseBody, reply } from './http';
import { createRateLimiter } from './ratelimit';
import { verifySecret } from './secrets';

/** Catalogs for the kiosk cache, and the portal login that proves a flow really set a clave. */
export function registerPortalRoutes(app: Hono<CentralEnv>, deps: CentralDeps): void {
  const { db } = deps;
  const logins = createRateLimiter(deps.portalLoginsPerMinute, deps.now);
  app.get('/api/v1/catalogs', async (c) => {
    // built per request: staff can change under a running central (seed re-import), and the ETag
    // must follow; a handful of rows and one hash cost far less than a stale PIN on the kiosks
    const { catalogs, etag } = buildCatalogs(deps.office, await staffForCatalogs(db), sealPublicKeyOf(deps.sealKey));
    const match = c.req.header('if-none-match');
    if (match && match.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)) {
      return c.body(null, 304, { etag });
    }
    c.header('etag', etag);
    c.header('cache-control', 'no-cache');
    return reply(c, 'catalogs', catalogs);
  });

  app.post('/api/v1/portal/login', async (c) => {
    const body = await parseBody(c, 'portalLogin');
    if (!body.ok) return body.response;
    const { id, password } = body.value;
    // no kiosk credentials here (DESIGN §5: it stands for the public portal); the throttle is per
    // account, so guessing one person's clave cannot go faster than this from anywhere
    if (!logins.take(id)) return fail(c, 429, 'rate_limited');
    // a cédula or foreigner code is an afiliado; 13 digits is an employer RUC (any of its branches)
    const hashes = /^\d{13}$/.test(id)
      ? (await db.selectFrom('employer').select('password_hash').where('ruc', '=', id).execute()).map(
          (r) => r.password_hash,
        )
      : [
          (await db.selectFrom('afiliado').select('password_hash').where('id', '=', id).executeTakeFirst())
            ?.password_hash,
        ];
    for (const hash of hashes) {
      if (await verifySecret(hash, password)) return reply(c, 'portalLogin', { ok: true });
    }
    return c.json({ ok: false }, 401);
  });
}
