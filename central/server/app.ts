import type { KeyObject } from 'node:crypto';
import { Hono } from 'hono';
import { API } from '../contract';
import { newSealKeyPair } from '../sealed';
import { sql, type Kysely } from 'kysely';
import type { CentralDatabase } from '../../db/central/schema';
import { registerActivationRoutes } from './activation';
import { bodyLimits } from './body-limit';
import { DEFAULT_OFFICE, type Office } from './catalog';
import { registerCredentialsRoutes } from './credentials';
import { CODE_TTL_SECONDS, SMS_CODE_TTL_SECONDS, type CentralDeps } from './deps';
import { registerEmployerRoutes } from './employer';
import { registerEventRoutes } from './events';
import { fail } from './http';
import { kioskAuth, registerEnrollRoute, type CentralEnv } from './kiosks';
import { createCaptureMailer } from './mail/capture';
import type { Mailer } from './mail/types';
import { registerIdentityRoutes } from './identity';
import { registerPortalRoutes } from './portal';
import { createCaptureSmsSender } from './sms/capture';
import { registerSmsRoutes } from './sms/routes';
import type { SmsSender } from './sms/types';
import { registerStaffRoutes } from './staff';
import { createHasher, DEFAULT_HASH_PARAMS, deriveKey, type HashParams } from './secrets';

/** The key of the record answers; the seed import needs it before the app exists. */
export const recordAnswersKey = (sealKey: KeyObject): Buffer => deriveKey(sealKey, 'record-answers');
import { registerTestMailRoute } from './test-mail';
import { registerFiguresRoute } from './figures';
import { registerHeartbeatRoute } from './heartbeat';
import { createOfflineSweeper, registerLiveRoutes } from './live';
import { registerStaffSessionRoute } from './live-auth';
import { createInProcessLiveBus, type LiveBus } from './live-bus';

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
  /** default: a fresh key (fine in memory; a persistent central keeps its key next to its data) */
  sealKey?: KeyObject;
  /** default: a capture outbox in memory (SMS_URL unset) */
  sms?: SmsSender;
  smsCodeTtlSeconds?: number;
  drawsPerPersonPerHour?: number;
  drawsPerKioskPerMinute?: number;
  portalLogin?: Partial<CentralDeps['portalLogin']>;
};

/** Portal login: 10 wrong claves per account or 100 per source address in 15 minutes lock for 15 minutes. */
export const PORTAL_LOGIN_DEFAULTS: CentralDeps['portalLogin'] = {
  perAccount: 10,
  perSource: 100,
  windowMs: 15 * 60_000,
  lockMs: 15 * 60_000,
};

export function resolveDeps(options: CentralAppOptions): CentralDeps {
  const sealKey = options.sealKey ?? newSealKeyPair().privateKey;
  const hashParams = options.hashParams ?? DEFAULT_HASH_PARAMS;
  const lookupsPerMinute = options.lookupsPerMinute ?? 20;
  return {
    db: options.db,
    publicUrl: options.publicUrl.replace(/\/$/, ''),
    activationTtlSeconds: options.activationTtlSeconds,
    codeTtlSeconds: options.codeTtlSeconds ?? CODE_TTL_SECONDS,
    lockMinutes: options.lockMinutes ?? 1440,
    now: options.now ?? Date.now,
    office: options.office ?? DEFAULT_OFFICE,
    lookupsPerMinute,
    hashParams,
    // the allow-list: the parameters this central hashes with, and its production default
    hasher: createHasher(hashParams, [DEFAULT_HASH_PARAMS]),
    mailer: options.mailer ?? createCaptureMailer(),
    enrollCode: options.enrollCode ?? null,
    sms: options.sms ?? createCaptureSmsSender(),
    smsCodeTtlSeconds: options.smsCodeTtlSeconds ?? SMS_CODE_TTL_SECONDS,
    sealKey,
    keys: {
      decoys: deriveKey(sealKey, 'decoy-images'),
      staffOffline: deriveKey(sealKey, 'staff-offline-pin'),
      recordAnswers: recordAnswersKey(sealKey),
      smsCode: deriveKey(sealKey, 'sms-code-mac'),
    },
    // a person draws a fresh set after each wrong try: 5 tries and a few restarts fit in 12
    drawsPerPersonPerHour: options.drawsPerPersonPerHour ?? 12,
    // a kiosk draws about as often as it looks people up (one flow, a few redraws)
    drawsPerKioskPerMinute: options.drawsPerKioskPerMinute ?? 2 * lookupsPerMinute,
    portalLogin: { ...PORTAL_LOGIN_DEFAULTS, ...options.portalLogin },
  };
}

/** The reference central as a hono app: every route of `routes` in contract.ts, plus the pages. */
export function createCentralApp(options: CentralAppOptions): Hono<CentralEnv> {
  return createCentralAppWith(resolveDeps(options));
}

export function createCentralAppWith(deps: CentralDeps, bus: LiveBus = createInProcessLiveBus()): Hono<CentralEnv> {
  const app = new Hono<CentralEnv>();

  // before anything reads a body (the signature check hashes it): a flood of bytes is refused unread
  app.use('*', bodyLimits());
  // every kiosk route is signed by an enrolled kiosk; rate limits and idempotency keys use the
  // kiosk the signature proved, never a header the caller chose
  app.use(`${API}/*`, kioskAuth(deps));
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
  registerSmsRoutes(app, deps);
  registerCredentialsRoutes(app, deps);
  registerEmployerRoutes(app, deps);
  registerPortalRoutes(app, deps);
  registerEventRoutes(app, deps);
  registerStaffRoutes(app, deps);
  registerTestMailRoute(app, deps);
  // office supervision: heartbeats in, the live view out (SSE), staff actions and figures
  registerHeartbeatRoute(app, deps, bus);
  registerStaffSessionRoute(app, deps);
  registerLiveRoutes(app, deps, bus, createOfflineSweeper(deps, bus));
  registerFiguresRoute(app, deps);

  app.notFound((c) => fail(c, 404, 'not_found'));
  // a crash answers with the contract's error shape and no stack
  app.onError((_error, c) => fail(c, 500, 'internal'));
  return app;
}
