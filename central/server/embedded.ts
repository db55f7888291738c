import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import { dirname, join } from 'node:path';
import type { KeyObject } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { openDatabase } from '../../db/open';
import { centralMigrations } from '../../db/central/migrations';
import type { CentralDatabase } from '../../db/central/schema';
import { importSealPrivateKey, newSealKeyPair } from '../sealed';
import { createCentralAppWith, resolveDeps } from './app';
import { enrollKiosk } from './kiosks';
import { createMailer } from './mail/mailer';
import type { Mailer } from './mail/types';
import type { HashParams } from './secrets';
import { createSmsSender } from './sms/sender';
import type { SmsSender } from './sms/types';
import { importSeed, loadSeedFile } from './seed';

export { createCentralApp, type CentralAppOptions } from './app';

export type StartCentralOptions = {
  /** 0 = a free port */
  port: number;
  /** base of emailed links; default http://127.0.0.1:<port> */
  publicUrl?: string;
  /**
   * Default ':memory:'. Never inside the kiosk's data dir: a privacy test greps those files for
   * plaintext, and the central legitimately holds names and emails.
   */
  dataFile?: string;
  seedFile?: string;
  activationTtlSeconds: number;
  codeTtlSeconds?: number;
  /** look-ups per kiosk per minute; default the central's own */
  lookupsPerMinute?: number;
  lockMinutes?: number;
  now?: () => number;
  /** tests only: cheaper argon2 parameters */
  hashParams?: HashParams;
  /** CENTRAL_ENROLL_CODE: the code a technician gives a kiosk to enroll; unset = none over HTTP */
  enrollCode?: string;
  /**
   * Kiosks enrolled in-process at start: the embedded central enrolls the kiosk that started it
   * (DESIGN §5), which already holds the key, so no code is needed or exposed.
   */
  kiosks?: { id: string; publicKey: string }[];
  /** the mail of second factors: a given mailer (embedded: the kiosk's capture), else SMTP_URL or capture */
  mailer?: Mailer;
  smtpUrl?: string;
  mailFrom?: string;
  /** the SMS code's way out: a given sender (embedded: the kiosk's), else SMS_URL (SMPP) or a capture outbox */
  sms?: SmsSender;
  smsUrl?: string;
  /** PEM certificate and key: the central serves HTTPS (required for a non-loopback CENTRAL_URL) */
  tls?: { cert: string; key: string };
  /** default 127.0.0.1; a remote central is reached over TLS on another interface */
  hostname?: string;
};

export type RunningCentral = {
  url: string;
  publicUrl: string;
  mailer: Mailer;
  /** its `outbox` lists the captured SMS codes when SMS_URL is unset (for the host's /buzon) */
  sms: SmsSender;
  close(): Promise<void>;
};

/** Opens the central's store, serves on 127.0.0.1 only, and imports the seed before answering anything. */
export async function startCentral(options: StartCentralOptions): Promise<RunningCentral> {
  const now = options.now ?? Date.now;
  const lockMinutes = options.lockMinutes ?? 1440;
  const store = await openDatabase<CentralDatabase>({
    file: options.dataFile ?? ':memory:',
    migrations: centralMigrations,
  });
  const seed = options.seedFile ? await loadSeedFile(options.seedFile) : null;
  if (seed && !seed.ok) {
    await store.close();
    throw new Error(`central seed file rejected: ${seed.problems.join('; ')}`);
  }
  // hashing the seed's secrets (argon2id, one by one) takes seconds: it runs while the server
  // already listens, and every request waits for it, so nobody is refused or told "not found"
  const seeded: Promise<Error | null> = seed
    ? importSeed(store.db, seed.seed, {
        now: now(),
        lockMinutes,
        ...(options.hashParams ? { hashParams: options.hashParams } : {}),
      }).then(
        () => null,
        (error: unknown) => (error instanceof Error ? error : new Error('seed import failed')),
      )
    : Promise.resolve(null);

  const ownMailer = options.mailer
    ? null
    : createMailer({
        ...(options.smtpUrl ? { smtpUrl: options.smtpUrl } : {}),
        from: options.mailFrom ?? 'IESS <no-responder@iess.gob.ec>',
      });
  const mailer = options.mailer ?? (ownMailer as Mailer);
  const ownSms = options.sms ? null : createSmsSender(options.smsUrl ? { smsUrl: options.smsUrl } : {});
  const sms = options.sms ?? (ownSms as SmsSender);
  const scheme = options.tls ? 'https' : 'http';
  const hostname = options.hostname ?? '127.0.0.1';
  // the public URL is only known once the port is, so the app reads it through this holder
  const holder = { publicUrl: options.publicUrl ?? '' };
  const server = await new Promise<ReturnType<typeof serve>>((resolveServer, reject) => {
    let app: ReturnType<typeof createCentralAppWith> | undefined;
    const tls = options.tls
      ? { createServer: createHttpsServer, serverOptions: { cert: options.tls.cert, key: options.tls.key } }
      : {};
    const s = serve(
      {
        fetch: async (req) => ((await seeded) === null && app ? app.fetch(req) : new Response(null, { status: 503 })),
        port: options.port,
        hostname,
        ...tls,
      },
      (info: AddressInfo) => {
        holder.publicUrl ||= `${scheme}://127.0.0.1:${info.port}`;
        const deps = resolveDeps({
          db: store.db,
          publicUrl: holder.publicUrl,
          activationTtlSeconds: options.activationTtlSeconds,
          ...(options.codeTtlSeconds ? { codeTtlSeconds: options.codeTtlSeconds } : {}),
          ...(options.lookupsPerMinute ? { lookupsPerMinute: options.lookupsPerMinute } : {}),
          lockMinutes,
          now,
          ...(options.hashParams ? { hashParams: options.hashParams } : {}),
          mailer,
          sms,
          enrollCode: options.enrollCode ?? null,
          sealKey: loadSealKey(options.dataFile),
        });
        void Promise.all((options.kiosks ?? []).map((k) => enrollKiosk(deps, k.id, k.publicKey)))
          .then((results) => {
            if (results.some((r) => !r.ok))
              throw new Error('the embedded central refused its own kiosk (another key holds its id)');
            app = createCentralAppWith(deps);
            resolveServer(s);
          })
          // a central that cannot enroll its own kiosk must not stay listening
          .catch((error: unknown) => s.close(() => reject(error)));
      },
    );
    s.once('error', reject);
  }).catch(async (error: unknown) => {
    await seeded;
    await store.close();
    throw error;
  });
  void seeded.then((error) => error && console.error(`central seed import failed: ${error.message}`));

  const port = (server.address() as AddressInfo).port;
  let closed = false;
  return {
    url: `${scheme}://127.0.0.1:${port}`,
    publicUrl: holder.publicUrl.replace(/\/$/, ''),
    mailer,
    sms,
    async close() {
      if (closed) return;
      closed = true;
      await new Promise<void>((done) => {
        server.close(() => done());
        // keep-alive sockets of a kiosk client must not hold the shutdown open
        if ('closeAllConnections' in server) server.closeAllConnections();
      });
      await seeded;
      ownMailer?.close();
      await ownSms?.close();
      await store.close();
    },
  };
}

/**
 * The key kiosks seal credentials to. Kept next to a persistent store, so what kiosks queued
 * while the central was down can still be opened after a restart; in memory, a fresh one.
 */
function loadSealKey(dataFile: string | undefined): KeyObject {
  if (!dataFile || dataFile === ':memory:') return newSealKeyPair().privateKey;
  const file = join(dirname(dataFile), 'central-seal-key.pem');
  if (existsSync(file)) return importSealPrivateKey(readFileSync(file, 'utf8'));
  const { privateKey } = newSealKeyPair();
  writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  return privateKey;
}
