import type { KeyObject } from 'node:crypto';
import { Hono } from 'hono';
import { newSealKeyPair } from '../sealed';
import { sql, type Kysely } from 'kysely';
import type { CentralDatabase } from '../../db/central/schema';
import { registerActivationRoutes } from './activation';
import { DEFAULT_OFFICE, type Office } from './catalog';
import { registerCredentialsRoutes } from './credentials';
import { CODE_TTL_SECONDS, type CentralDeps } from './deps';
import { registerEmployerRoutes } from './employer';
import { registerEventRoutes } from './events';
import { fail } from './http';
import { kioskAuth, registerEnrollRoute, type CentralEnv } from './kiosks';
import { createCaptureMailer } from './mail/capture';
import type { Mailer } from './mail/types';
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
  /** default: a capture mailbox in memory (SMTP_URL unset) */
  mailer?: Mailer;
  enrollCode?: string | null;
  portalLoginsPerMinute?: number;
  /** default: a fresh key (fine in memory; a persistent central keeps its key next to its data) */
  sealKey?: KeyObject;
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
    mailer: options.mailer ?? createCaptureMailer(),
    enrollCode: options.enrollCode ?? null,
    portalLoginsPerMinute: options.portalLoginsPerMinute ?? 10,
    sealKey: options.sealKey ?? newSealKeyPair().privateKey,
  };
}

/** The reference central as a hono app: every route of `routes` in contract.ts, plus the pages. */
export function createCentralApp(options: CentralAppOptions): Hono<CentralEnv> {
  return createCentralAppWith(resolveDeps(options));
}

export function createCentralAppWith(deps: CentralDeps): Hono<CentralEnv> {
  const app = new Hono<CentralEnv>();

  // every kiosk route is signed by an enrolled kiosk; rate limits and idempotency keys use the
  // kiosk the signature proved, never a header the caller chose
  app.use('/api/v1/*', kioskAuth(deps));
  registerEnrollRoute(app, deps);

  // for a load balancer: a node that cannot reach its database must be taken out of rotation
  app.get('/health', async (c) => {
    const reachable = await sql`select 1`.execute(deps.db).then(
      () => true,
      () => false,
    );
    return reachable
      ? c.json({ ok: true, database: 'reachable' })
      : c.json({ ok: false, database: 'unreachable' }, 503);
  });
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
