import { resolve } from 'node:path';
import type { Role } from './role';
import { createCentralClient, type CentralClient } from '../../central/client';
import type { KioskIdentity } from '../../central/kiosk-auth';
import { openKioskDb } from '../../db/kiosk/open';
import type { KioskConfig } from './config';
import { checkPassword } from '../../domain/password/policy';
import { APP_VERSION, createKioskCore } from './kiosk';
import { withFleet } from './fleet';
import { fleetUpdateOf } from './fleet/update-state';
import { createFileLog, type Log } from './log';
import { configWithSettings } from './technician/service';
import { noUpdates, type UpdateControl } from './technician/updates';
import type { UpdateStatus } from '../contract/technician';
import { ensureEnrolled } from './identity/enrollment';
import { loadOrCreateIdentity } from './identity/keystore';
import { plainKeySealer, type KeySealer } from './identity/sealer';
import { withSetupNotice, type SetupNotice } from './setup';
import { createKioskParts } from './parts';
import { watchAudioRoute } from './speech/audio-route';
import type { KioskOutbox } from './sync/outbox-service';
import type { KioskCore } from './terminal';

/** The embedded central, injected by main and host so the core never imports the server. */
export type StartEmbeddedCentral = (options: {
  port: number;
  publicUrl?: string;
  seedFile?: string;
  /** the seed import waits for this: the shell's ready line (see warmUp) */
  seedAfter?: Promise<void>;
  activationTtlSeconds: number;
  codeTtlSeconds?: number;
  lookupsPerMinute?: number;
  /** the embedded central enrolls the kiosk that started it (DESIGN §5) */
  kiosks: { id: string; publicKey: string }[];
  /** the central sends the second factors: through SMTP_URL, or unset, into its capture mailbox */
  smtpUrl?: string;
  mailFrom: string;
  /** the SMS codes: through SMS_URL (SMPP), or unset, into its capture outbox */
  smsUrl?: string;
  enrollCode?: string;
}) => Promise<{
  url: string;
  publicUrl: string;
  mailer: { readonly mailbox: DemoMailbox | null };
  sms: { readonly outbox: DemoSmsOutbox | null };
  close(): Promise<void>;
}>;

/** A mail the embedded central captured (no SMTP_URL); `sentAt` is epoch milliseconds. */
export type DemoMail = { to: string; subject: string; text: string; sentAt: number };
/** The embedded central's capture mailbox, newest first: the web host lists it at /buzon in demo mode. */
export type DemoMailbox = { list(): DemoMail[] };

/** An SMS the embedded central captured (no SMS_URL); `sentAt` is epoch milliseconds. */
export type DemoSms = { to: string; text: string; sentAt: number };
/** The embedded central's SMS capture outbox, newest first: listed at /buzon in demo mode. */
export type DemoSmsOutbox = { list(): DemoSms[] };

export type KioskRuntime = {
  core: KioskCore;
  /** the embedded central's capture mailbox; null with SMTP_URL or a remote central */
  mailbox: DemoMailbox | null;
  /** the embedded central's SMS capture outbox; null with SMS_URL or a remote central */
  smsOutbox: DemoSmsOutbox | null;
  /** for the update policy: whether a session is on any screen, and when a screen last saw activity */
  activity(): { sessionActive: boolean; lastActivityAt: number };
  outbox: KioskOutbox;
  centralUrl: string;
  centralPublicUrl: string;
  embeddedCentral: boolean;
  log: Log;
  /** what a technician must fix before this kiosk serves people (enrollment), or null */
  setupNotice(): SetupNotice | null;
  /** the configuration in force (the environment's, under a technician's stored settings); live settings change in it */
  config: KioskConfig;
  /** the updater's state, for the supervision heartbeat (disabled in the web host) */
  updateStatus(): UpdateStatus;
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

export type BootOptions = {
  role?: Role;
  /** how the kiosk key rests on disk: plain file (web host) or the OS keystore (Electron) */
  keySealer?: KeySealer;
  /** the shell prints the technician's line (stderr) when a notice appears, and hears when it clears */
  onSetupNotice?: (notice: SetupNotice | null) => void;
  /** what only the shell has: the Electron updater, its versions */
  shell?: { updates?: UpdateControl; versions?: Record<string, string> };
};

/** Opens the kiosk's database, reaches (or starts) the central, starts the one drain loop, builds the core. */
export async function bootKiosk(
  startConfig: KioskConfig,
  startEmbedded: StartEmbeddedCentral,
  options: BootOptions = {},
): Promise<KioskRuntime> {
  const role = options.role ?? 'kiosk';
  const shell = options.shell ?? {};
  const log = await createFileLog(startConfig.dataDir);
  const kioskDb = await openKioskDb(startConfig.dataDir, (sql, ms) =>
    log('db.slow_query', { ms, sql: sql.slice(0, 120) }),
  );
  // start-up configuration stays env-first; a technician's stored value overrides only its own setting
  const { config } = await configWithSettings(startConfig, kioskDb.db, log);
  const identity = loadOrCreateIdentity(config.dataDir, config.kioskId, options.keySealer ?? plainKeySealer);
  // the embedded central imports its seed (seconds of argon2id) once the shell is ready: started
  // before, its hashing and inserts shared the 2 cores with start-up and delayed the ready line
  let shellReady = () => {};
  const seedAfter = new Promise<void>((resolve) => (shellReady = resolve));
  const embedded = config.centralUrl
    ? null
    : await startEmbedded({
        port: config.centralPort,
        ...(config.centralPublicUrl ? { publicUrl: config.centralPublicUrl } : {}),
        // with no seed of its own, the embedded central shows the documented demo people
        seedFile: config.centralSeedFile ?? DEMO_SEED_FILE,
        seedAfter,
        activationTtlSeconds: config.activationTtlSeconds,
        codeTtlSeconds: config.employerCodeTtlSeconds,
        // it serves this kiosk alone: its look-up limit never below the kiosk's own
        lookupsPerMinute: Math.max(EMBEDDED_LOOKUPS_PER_MINUTE, config.lookupsPerMinute),
        kiosks: [{ id: identity.kioskId, publicKey: identity.publicKey }],
        ...(config.smtpUrl ? { smtpUrl: config.smtpUrl } : {}),
        mailFrom: config.mailFrom,
        ...(config.smsUrl ? { smsUrl: config.smsUrl } : {}),
        ...(config.centralEnrollCode ? { enrollCode: config.centralEnrollCode } : {}),
      });
  const centralUrl = embedded?.url ?? config.centralUrl ?? '';
  const centralPublicUrl = embedded?.publicUrl ?? config.centralPublicUrl ?? centralUrl;
  const client = createCentralClient({ baseUrl: centralUrl, identity });
  const parts = createKioskParts({ kioskDb: kioskDb.db, sqlite: kioskDb.sqlite, client, log });
  const { central, outbox } = parts;
  let notice: SetupNotice | null = null;
  const setNotice = (next: SetupNotice | null) => {
    if (next?.problem === notice?.problem) return;
    notice = next;
    log(next ? 'kiosk.setup_needed' : 'kiosk.setup_done', next ? { problem: next.problem } : {});
    options.onSetupNotice?.(next);
  };
  const enrollment = config.centralUrl ? await enrollAtFirstStart(central, identity, config, log, setNotice) : null;
  // spoken guidance: where the sound goes decides whether personal values may be spoken
  const audioRoute = watchAudioRoute({ setting: config.audioRoute });
  // office supervision around the core: heartbeats, the supervisor's live view, quejas
  const fleet = withFleet({
    core: createKioskCore({
      config,
      parts,
      centralPublicUrl,
      log,
      role,
      audioRoute,
      technician: {
        baseConfig: startConfig,
        centralMode: embedded ? 'embedded' : 'remote',
        logs: log,
        updates: shell.updates,
        versions: shell.versions,
        mailbox: embedded?.mailer.mailbox ?? null,
      },
    }),
    central,
    client,
    outbox,
    kioskId: config.kioskId,
    office: config.officeName,
    version: APP_VERSION,
    role,
    log,
    update: () => fleetUpdateOf((shell.updates ?? noUpdates).status()),
  });
  const core = fleet.core;
  // start-up: drain whatever a previous run left behind
  outbox.start();
  fleet.start();
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
  log('kiosk.boot', {
    embeddedCentral: embedded !== null,
    smtp: config.smtpUrl ? 'remote' : 'capture',
    sms: config.smsUrl ? 'smpp' : 'capture',
  });
  return {
    core: withSetupNotice(core, () => notice),
    mailbox: embedded?.mailer.mailbox ?? null,
    smsOutbox: embedded?.sms.outbox ?? null,
    activity: () => core.activity(),
    outbox,
    centralUrl,
    centralPublicUrl,
    embeddedCentral: embedded !== null,
    log,
    setupNotice: () => notice,
    config,
    updateStatus: () => (shell.updates ?? noUpdates).status(),
    /**
     * The password dictionaries take ~0.5 s to load, and the embedded central's seed import
     * seconds: the shell calls this once it is ready, so both are paid before a person gets far
     * without delaying the ready line. A person
     * who gets there first only waits for the load; nothing is refused.
     */
    warmUp() {
      shellReady();
      setImmediate(() => checkPassword({ password: 'warm-up', repeat: '', personal: [] }));
    },
    async close() {
      stopped = true;
      enrollment?.stop();
      audioRoute.close();
      if (retryCatalogs) clearTimeout(retryCatalogs);
      clearInterval(probe);
      clearInterval(refresh);
      await core.close();
      await outbox.stop();
      await embedded?.close();
      await kioskDb.close();
      await log.close();
    },
  };
}

/**
 * With CENTRAL_URL the kiosk enrolls its key at first start. A missing code or a refusal (wrong
 * code, id held by another key, revoked) is a technician's matter: the kiosk still starts (staff
 * can unlock it from the cache) with a notice the screen and stderr show, instead of every person
 * meeting "central unavailable" at BUSCAR. A central that cannot be reached yet is retried in the
 * background, and calls answer 401 until then.
 */
async function enrollAtFirstStart(
  central: CentralClient,
  identity: KioskIdentity,
  config: KioskConfig,
  log: Log,
  setNotice: (notice: SetupNotice | null) => void,
): Promise<{ stop(): void }> {
  const options = { dataDir: config.dataDir, centralUrl: config.centralUrl ?? '', code: config.kioskEnrollCode };
  const noticeOf = (problem: 'no_code' | 'refused'): SetupNotice =>
    problem === 'no_code'
      ? { problem: 'enroll_code_missing', variables: ['KIOSK_ENROLL_CODE'] }
      : { problem: 'enroll_refused', variables: ['KIOSK_ENROLL_CODE', 'KIOSK_ID'] };
  const first = await ensureEnrolled(central, identity, options);
  if (first.ok) return { stop: () => undefined };
  if (first.problem !== 'unavailable') {
    setNotice(noticeOf(first.problem));
    return { stop: () => undefined };
  }
  log('kiosk.enroll_deferred');
  const retry = setInterval(() => {
    void ensureEnrolled(central, identity, options).then((r) => {
      if (r.ok || r.problem !== 'unavailable') clearInterval(retry);
      log(r.ok ? 'kiosk.enrolled' : 'kiosk.enroll_failed', r.ok ? {} : { problem: r.problem });
      if (!r.ok && r.problem !== 'unavailable') setNotice(noticeOf(r.problem));
    });
  }, HEALTH_PROBE_MS);
  retry.unref();
  return { stop: () => clearInterval(retry) };
}
