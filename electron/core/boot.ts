import { resolve } from 'node:path';
import { createCentralClient } from '../central/client';
import { openKioskDb } from '../../db/kiosk/open';
import type { KioskConfig } from './config';
import { createKioskCore } from './kiosk';
import { createFileLog, type Log } from './log';
import { createMailer, type Mailer } from './mail/mailer';
import type { KioskCore } from './terminal';

/** The embedded central, injected by main and host so the core never imports the server. */
export type StartEmbeddedCentral = (options: {
  port: number;
  publicUrl?: string;
  seedFile?: string;
  activationTtlSeconds: number;
}) => Promise<{ url: string; publicUrl: string; close(): Promise<void> }>;

export type KioskRuntime = {
  core: KioskCore;
  mailer: Mailer;
  centralUrl: string;
  centralPublicUrl: string;
  embeddedCentral: boolean;
  log: Log;
  close(): Promise<void>;
};

/** Works from the sources (tsx) and from the build (out/main) alike: both sit two levels down. */
export const DEMO_SEED_FILE = resolve(import.meta.dirname, '../../resources/seed/demo-seed.json');

/** Opens the kiosk's database, reaches (or starts) the central, and builds the core. */
export async function bootKiosk(config: KioskConfig, startEmbedded: StartEmbeddedCentral): Promise<KioskRuntime> {
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
      });
  const centralUrl = embedded?.url ?? config.centralUrl ?? '';
  const centralPublicUrl = embedded?.publicUrl ?? config.centralPublicUrl ?? centralUrl;
  const central = createCentralClient({ baseUrl: centralUrl, kioskId: config.kioskId });
  const mailer = createMailer({ ...(config.smtpUrl ? { smtpUrl: config.smtpUrl } : {}), from: config.mailFrom });
  const core = createKioskCore({ config, central, mailer, centralPublicUrl, log });
  log('kiosk.boot', { embeddedCentral: embedded !== null, smtp: config.smtpUrl ? 'remote' : 'capture' });
  return {
    core,
    mailer,
    centralUrl,
    centralPublicUrl,
    embeddedCentral: embedded !== null,
    log,
    async close() {
      await core.close();
      mailer.close();
      await embedded?.close();
      await kioskDb.close();
    },
  };
}
