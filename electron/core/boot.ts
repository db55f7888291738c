import { resolve } from 'node:path';
import type { Role } from './role';
import { createCentralClient, type CentralClient } from '../../central/client';
import type { KioskIdentity } from '../../central/kiosk-auth';
import { openKioskDb } from '../../db/kiosk/open';
import type { KioskConfig } from './config';
import { checkPassword } from '../../domain/password/policy';
import { createKioskCore } from './kiosk';
import { createFileLog, type Log } from './log';
import { ensureEnrolled } from './identity/enrollment';
import { loadOrCreateIdentity } from './identity/keystore';
import { createMailer, type Mailer } from './mail/mailer';
import { createKioskParts } from './parts';
import { watchAudioRoute } from './speech/audio-route';
import type { KioskOutbox } from './sync/outbox-service';
import type { KioskCore } from './terminal';

/** The embedded central, injected by main and host so the core never imports the server. */
export type StartEmbeddedCentral = (options: {
  port: number;
  publicUrl?: string;
  seedFile?: string;
  activationTtlSeconds: number;
  codeTtlSeconds?: number;
  lookupsPerMinute?: number;
  /** the embedded central enrolls the kiosk that started it (DESIGN §5) */
  kiosks: { id: string; publicKey: string }[];
  /** the central sends the second factors; embedded, through the kiosk's mailer (SMTP_URL or capture) */
  mailer: Mailer;
  enrollCode?: string;
}) => Promise<{ url: string; publicUrl: string; close(): Promise<void> }>;

export type KioskRuntime = {
  core: KioskCore;
  mailer: Mailer;
  outbox: KioskOutbox;
  centralUrl: string;
  centralPublicUrl: string;
  embeddedCentral: boolean;
  log: Log;
  /** Loads what the first person will need (password dictionaries); called once the shell is ready. */
  warmUp(): void;
  close(): Promise<void>;
};

/** The central's own default look-up limit per kiosk. */
const EMBEDDED_LOOKUPS_PER_MINUTE = 20;

/** Works from the sources (tsx) and from the build (out/main) alike: both sit two levels down. */
export const DEMO_SEED_FILE = resolve(import.meta.dirname, '../../resources/seed/demo-seed.json');

/** While rows wait, the central is probed this often, so a return is noticed without a person. */
export const HEALTH_PROBE_MS = 15_000;

/** The catalogs (bank, images, staff PIN hashes) are revalidated this often (ETag: a 304 is cheap). */
export const CATALOG_REFRESH_MS = 10 * 60_000;

/** Opens the kiosk's database, reaches (or starts) the central, starts the one drain loop, builds the core. */
export async function bootKiosk(
  config: KioskConfig,
  startEmbedded: StartEmbeddedCentral,
  role: Role = 'kiosk',
): Promise<KioskRuntime> {
  const log = createFileLog(config.dataDir);
  const kioskDb = await openKioskDb(config.dataDir, (sql, ms) => log('db.slow_query', { ms, sql: sql.slice(0, 120) }));
  const identity = loadOrCreateIdentity(config.dataDir, config.kioskId);
  const mailer = createMailer({ ...(config.smtpUrl ? { smtpUrl: config.smtpUrl } : {}), from: config.mailFrom });
  const embedded = config.centralUrl
    ? null
    : await startEmbedded({
        port: config.centralPort,
        ...(config.centralPublicUrl ? { publicUrl: config.centralPublicUrl } : {}),
        // with no seed of its own, the embedded central shows the documented demo people
        seedFile: config.centralSeedFile ?? DEMO_SEED_FILE,
        activationTtlSeconds: config.activationTtlSeconds,
        codeTtlSeconds: config.employerCodeTtlSeconds,
        // it serves this kiosk alone: its look-up limit never below the kiosk's own
        lookupsPerMinute: Math.max(EMBEDDED_LOOKUPS_PER_MINUTE, config.lookupsPerMinute),
        kiosks: [{ id: identity.kioskId, publicKey: identity.publicKey }],
        mailer,
        ...(config.centralEnrollCode ? { enrollCode: config.centralEnrollCode } : {}),
      });
  const centralUrl = embedded?.url ?? config.centralUrl ?? '';
  const centralPublicUrl = embedded?.publicUrl ?? config.centralPublicUrl ?? centralUrl;
  const parts = createKioskParts({
    kioskDb: kioskDb.db,
    sqlite: kioskDb.sqlite,
    client: createCentralClient({ baseUrl: centralUrl, identity }),
    log,
  });
  const { central, outbox } = parts;
  if (config.centralUrl) await enrollAtFirstStart(central, identity, config, log);
  const audioRoute = watchAudioRoute({ setting: config.audioRoute });
  const core = createKioskCore({ config, parts, mailer, centralPublicUrl, log, role, audioRoute });
  // start-up: drain whatever a previous run left behind
  outbox.start();
  // start-up: the first person finds the bank, images and staff already here (or the last copy);
  // a kiosk with no copy yet asks again every few seconds (a central still starting or busy, a
  // cable plugged in late) instead of waiting for the next refresh, or staff could not unlock it
  let stopped = false;
  let retryCatalogs: NodeJS.Timeout | null = null;
  const fetchFirstCatalogs = (delayMs: number) => {
    void core.refreshCatalogs().then((had) => {
      if (had || stopped) return;
      retryCatalogs = setTimeout(() => fetchFirstCatalogs(Math.min(delayMs * 2, 30_000)), delayMs);
      retryCatalogs.unref();
    });
  };
  fetchFirstCatalogs(1_000);
  const refresh = setInterval(() => void core.refreshCatalogs(), CATALOG_REFRESH_MS);
  refresh.unref();
  const probe = setInterval(() => {
    void outbox.status().then((s) => (s.depth > 0 ? central.probe() : true));
  }, HEALTH_PROBE_MS);
  probe.unref();
  log('kiosk.boot', { embeddedCentral: embedded !== null, smtp: config.smtpUrl ? 'remote' : 'capture' });
  return {
    core,
    mailer,
    outbox,
    centralUrl,
    centralPublicUrl,
    embeddedCentral: embedded !== null,
    log,
    /**
     * The password dictionaries take ~0.5 s to load: the shell calls this once it is ready, so the
     * cost is paid before the first keystroke of step 12 without delaying the ready line. A person
     * who gets there first only waits for the load; nothing is refused.
     */
    warmUp() {
      setImmediate(() => checkPassword({ password: 'warm-up', repeat: '', personal: [] }));
    },
    async close() {
      stopped = true;
      audioRoute.close();
      if (retryCatalogs) clearTimeout(retryCatalogs);
      clearInterval(probe);
      clearInterval(refresh);
      await core.close();
      await outbox.stop();
      mailer.close();
      await embedded?.close();
      await kioskDb.close();
    },
  };
}

/**
 * With CENTRAL_URL the kiosk enrolls its key at first start. A refusal (wrong code, id held by
 * another key, revoked) stops the boot with a message for the technician; a central
 * that cannot be reached yet is retried in the background, and calls answer 401 until then.
 */
async function enrollAtFirstStart(
  central: CentralClient,
  identity: KioskIdentity,
  config: KioskConfig,
  log: Log,
): Promise<void> {
  const options = { dataDir: config.dataDir, centralUrl: config.centralUrl ?? '', code: config.kioskEnrollCode };
  const first = await ensureEnrolled(central, identity, options);
  if (first.ok) return;
  // no code: the kiosk still starts (staff can unlock it from the cache), and every central call
  // answers 401 until a technician enrolls it
  if (first.problem === 'no_code') {
    log('kiosk.not_enrolled', { hint: 'set KIOSK_ENROLL_CODE' });
    return;
  }
  if (first.problem === 'refused')
    throw new Error(
      "The central refused this kiosk's enrollment (wrong KIOSK_ENROLL_CODE, revoked, or its KIOSK_ID holds another key).",
    );
  log('kiosk.enroll_deferred');
  const retry = setInterval(() => {
    void ensureEnrolled(central, identity, options).then((r) => {
      if (r.ok || r.problem !== 'unavailable') clearInterval(retry);
      log(r.ok ? 'kiosk.enrolled' : 'kiosk.enroll_failed', r.ok ? {} : { problem: r.problem });
    });
  }, HEALTH_PROBE_MS);
  retry.unref();
}
