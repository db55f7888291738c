import { resolve } from 'node:path';
import type { Role } from './role';
import { createCentralClient } from '../../central/client';
import { openKioskDb } from '../../db/kiosk/open';
import type { KioskConfig } from './config';
import { checkPassword } from '../../domain/password/policy';
import { createKioskCore } from './kiosk';
import { createFileLog, type Log } from './log';
import { createMailer, type Mailer } from './mail/mailer';
import { createKioskParts } from './parts';
import type { KioskOutbox } from './sync/outbox-service';
import type { KioskCore } from './terminal';

/** The embedded central, injected by main and host so the core never imports the server. */
export type StartEmbeddedCentral = (options: {
  port: number;
  publicUrl?: string;
  seedFile?: string;
  activationTtlSeconds: number;
  codeTtlSeconds?: number;
}) => Promise<{ url: string; publicUrl: string; close(): Promise<void> }>;

export type KioskRuntime = {
  core: KioskCore;
  mailer: Mailer;
  outbox: KioskOutbox;
  centralUrl: string;
  centralPublicUrl: string;
  embeddedCentral: boolean;
  log: Log;
  close(): Promise<void>;
};

/** Works from the sources (tsx) and from the build (out/main) alike: both sit two levels down. */
export const DEMO_SEED_FILE = resolve(import.meta.dirname, '../../resources/seed/demo-seed.json');

/** While rows wait, the central is probed this often, so a return is noticed without a person. */
export const HEALTH_PROBE_MS = 15_000;

/** The catalogs (bank, images, staff PIN hashes) are revalidated this often (ETag: a 304 is cheap). */
export const CATALOG_REFRESH_MS = 10 * 60_000;

/** Opens the kiosk's database, reaches (or starts) the central, starts the one drain loop, builds the core. */
export async function bootKiosk(config: KioskConfig, startEmbedded: StartEmbeddedCentral, role: Role = 'kiosk'): Promise<KioskRuntime> {
  const log = createFileLog(config.dataDir);
  const kioskDb = await openKioskDb(config.dataDir, (sql, ms) => log('db.slow_query', { ms, sql: sql.slice(0, 120) }));
  const embedded = config.centralUrl
    ? null
    : await startEmbedded({
        port: config.centralPort,
        ...(config.centralPublicUrl ? { publicUrl: config.centralPublicUrl } : {}),
        // with no seed of its own, the embedded central shows the documented demo people
        seedFile: config.centralSeedFile ?? DEMO_SEED_FILE,
        activationTtlSeconds: config.activationTtlSeconds,
        codeTtlSeconds: config.employerCodeTtlSeconds,
      });
  const centralUrl = embedded?.url ?? config.centralUrl ?? '';
  const centralPublicUrl = embedded?.publicUrl ?? config.centralPublicUrl ?? centralUrl;
  const mailer = createMailer({ ...(config.smtpUrl ? { smtpUrl: config.smtpUrl } : {}), from: config.mailFrom });
  const parts = createKioskParts({ kioskDb: kioskDb.db, sqlite: kioskDb.sqlite, client: createCentralClient({ baseUrl: centralUrl, kioskId: config.kioskId }), mailer, log });
  const { central, outbox } = parts;
  const core = createKioskCore({ config, parts, mailer, centralPublicUrl, log, role });
  // start-up: drain whatever a previous run left behind
  outbox.start();
  // start-up: the first person finds the bank, images and staff already here (or the last copy)
  void core.refreshCatalogs();
  const refresh = setInterval(() => void core.refreshCatalogs(), CATALOG_REFRESH_MS);
  refresh.unref();
  const probe = setInterval(() => {
    void outbox.status().then((s) => (s.depth > 0 ? central.probe() : true));
  }, HEALTH_PROBE_MS);
  probe.unref();
  // the password dictionaries take ~0.7 s to load: pay it now, not on the first keystroke of step 12
  setImmediate(() => checkPassword({ password: 'warm-up', repeat: '', personal: [] }));
  log('kiosk.boot', { embeddedCentral: embedded !== null, smtp: config.smtpUrl ? 'remote' : 'capture' });
  return {
    core,
    mailer,
    outbox,
    centralUrl,
    centralPublicUrl,
    embeddedCentral: embedded !== null,
    log,
    async close() {
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
