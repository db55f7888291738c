import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import type { CentralDatabase } from '../../db/central/schema';
import { registerActivationRoutes } from './activation';
import { DEFAULT_OFFICE, type Office } from './catalog';
import { registerCredentialsRoutes } from './credentials';
import { CODE_TTL_SECONDS, type CentralDeps } from './deps';
import { registerEmployerRoutes } from './employer';
import { registerEventRoutes } from './events';
import { fail, KIOSK_ID } from './http';
import { registerIdentityRoutes } from './identity';
import { registerPortalRoutes } from './portal';
import { DEFAULT_HASH_PARAMS, type HashParams } from './secrets';

export type CentralAppOptions = {
  db: Kysely<CentralDatabase>;
  publicUrl: string;
  activationTtlSeconds: number;
  codeTtlSeconds?: number;
  lockMinutes?: number;
  now?: () => number;
  office?: Office;
  lookupsPerMinute?: number;
  hashParams?: HashParams;
};

export function resolveDeps(options: CentralAppOptions): CentralDeps {
  return {
    db: options.db,
    publicUrl: options.publicUrl.replace(/\/$/, ''),
    activationTtlSeconds: options.activationTtlSeconds,
    codeTtlSeconds: options.codeTtlSeconds ?? CODE_TTL_SECONDS,
    lockMinutes: options.lockMinutes ?? 1440,
    now: options.now ?? Date.now,
    office: options.office ?? DEFAULT_OFFICE,
    lookupsPerMinute: options.lookupsPerMinute ?? 20,
    hashParams: options.hashParams ?? DEFAULT_HASH_PARAMS,
  };
}

/** The reference central as a hono app: every route of `routes` in contract.ts, plus the pages. */
export function createCentralApp(options: CentralAppOptions): Hono {
  const deps = resolveDeps(options);
  const app = new Hono();

  // every API call names its kiosk: rate limits and idempotency keys are per kiosk
  app.use('/api/v1/*', async (c, next) => {
    if (!KIOSK_ID.test(c.req.header('x-kiosk-id') ?? '')) return fail(c, 400, 'invalid_request');
    await next();
  });

  app.get('/health', (c) => c.json({ ok: true }));
  registerIdentityRoutes(app, deps);
  registerActivationRoutes(app, deps);
  registerCredentialsRoutes(app, deps);
  registerEmployerRoutes(app, deps);
  registerPortalRoutes(app, deps);
  registerEventRoutes(app, deps);

  app.notFound((c) => fail(c, 404, 'not_found'));
  // a crash answers with the contract's error shape and no stack
  app.onError((_error, c) => fail(c, 500, 'internal'));
  return app;
}
