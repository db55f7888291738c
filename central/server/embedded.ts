import { linkSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import { dirname, join } from 'node:path';
import { randomBytes, type KeyObject } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { openCentralStore } from '../../db/central/open';
import { importSealPrivateKey, newSealKeyPair } from '../sealed';
import { createCentralAppWith, recordAnswersKey, resolveDeps } from './app';
import { enrollKiosk } from './kiosks';
import { registerUpdatesFolder } from './updates-folder';
import { createInProcessLiveBus, type LiveBus } from './live-bus';
import { createPgLiveBus, type PgLiveBus } from './live-bus-pg';
import { createMailer } from './mail/mailer';
import type { Mailer } from './mail/types';
import type { HashParams } from './secrets';
import { createSmsSender } from './sms/sender';
import type { SmsSender } from './sms/types';
import { importSeed, loadSeedFile } from './seed';

export { createCentralApp, type CentralAppOptions } from './app';

/** The NOTIFY channel of the live view, shared by every node of one central. */
const LIVE_CHANNEL = 'central_live';

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
  /**
   * `postgres://…` (CENTRAL_DATABASE_URL): the store is PostgreSQL and `dataFile` is not used for
   * data; several nodes may share the database.
   */
  databaseUrl?: string;
  /** PostgreSQL: connections in this node's pool */
  poolMax?: number;
  /**
   * PEM file of the key kiosks seal to (created when missing). Every node of one central must
   * share it; default: next to `dataFile`, else a fresh key in memory.
   */
  sealKeyFile?: string;
  /** on close, in-flight requests get this long to finish before their sockets are cut; default 10 s */
  drainMs?: number;
  seedFile?: string;
  /**
   * The seed import starts when this settles (default: at once). A kiosk that embeds its central
   * passes its ready line: on 2 cores the import's hashing would otherwise compete with start-up.
   * Requests wait for the import either way, so nobody is refused meanwhile.
   */
  seedAfter?: Promise<void>;
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
  /**
   * A folder of signed releases (scripts/publish-release) served read-only at /updates/: the
   * office's kiosks can take their UPDATE_URL from the central they already trust.
   */
  updatesDir?: string;
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
  const store = await openCentralStore({
    ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : { file: options.dataFile ?? ':memory:' }),
    ...(options.poolMax ? { poolMax: options.poolMax } : {}),
    onPoolError: (error) => console.error(`central database connection lost: ${error.message}`),
  });
  // several nodes on one PostgreSQL: the live view's changes travel between them by LISTEN/NOTIFY
  let pgBus: PgLiveBus | null = null;
  if (options.databaseUrl) {
    try {
      pgBus = await createPgLiveBus({
        db: store.db,
        url: options.databaseUrl,
        channel: LIVE_CHANNEL,
        onError: (error) => console.error(`central live view: ${error.message}`),
      });
    } catch (error) {
      await store.close();
      throw error;
    }
  }
  const bus: LiveBus = pgBus ?? createInProcessLiveBus();
  const seed = options.seedFile ? await loadSeedFile(options.seedFile) : null;
  if (seed && !seed.ok) {
    await pgBus?.close();
    await store.close();
    throw new Error(`central seed file rejected: ${seed.problems.join('; ')}`);
  }
  const sealKey = loadSealKey(options.sealKeyFile ?? sealKeyNextTo(options.dataFile));
  // hashing the seed's secrets (argon2id, one by one) takes seconds: it runs while the server
  // already listens, and every request waits for it, so nobody is refused or told "not found".
  // Nodes starting together on one PostgreSQL import one after the other (the later ones find
  // every row in place and change nothing). It starts at `seedAfter`; a central closed (or
  // failed to listen) before then never starts it
  let skipSeed = () => {};
  const skipped = new Promise<'skip'>((resolve) => (skipSeed = () => resolve('skip')));
  const seeded: Promise<Error | null> = seed
    ? Promise.race([options.seedAfter ?? Promise.resolve(), skipped])
        .then((go) =>
          go === 'skip'
            ? undefined
            : store.withStartupLock(() =>
                importSeed(store.db, seed.seed, {
                  now: now(),
                  lockMinutes,
                  ...(options.hashParams ? { hashParams: options.hashParams } : {}),
                  recordKey: recordAnswersKey(sealKey),
                }),
              ),
        )
        .then(
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
  // requests being answered, so a shutdown can wait for them (graceful drain)
  const inFlight = { count: 0, idle: () => undefined as void };
  const track = async (answer: () => Promise<Response>): Promise<Response> => {
    inFlight.count += 1;
    try {
      return await answer();
    } finally {
      inFlight.count -= 1;
      if (inFlight.count === 0) inFlight.idle();
    }
  };
  const server = await new Promise<ReturnType<typeof serve>>((resolveServer, reject) => {
    let app: ReturnType<typeof createCentralAppWith> | undefined;
    const tls = options.tls
      ? { createServer: createHttpsServer, serverOptions: { cert: options.tls.cert, key: options.tls.key } }
      : {};
    const s = serve(
      {
        // the node-server bindings go along: the portal throttle reads the caller's address from them
        fetch: (req, env) =>
          track(async () =>
            (await seeded) === null && app ? app.fetch(req, env) : new Response(null, { status: 503 }),
          ),
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
          sealKey,
        });
        void Promise.all((options.kiosks ?? []).map((k) => enrollKiosk(deps, k.id, k.publicKey)))
          .then((results) => {
            if (results.some((r) => !r.ok))
              throw new Error('the embedded central refused its own kiosk (another key holds its id)');
            app = createCentralAppWith(deps, bus);
            if (options.updatesDir) registerUpdatesFolder(app, options.updatesDir);
            resolveServer(s);
          })
          // a central that cannot enroll its own kiosk must not stay listening
          .catch((error: unknown) => s.close(() => reject(error)));
      },
    );
    s.once('error', reject);
  }).catch(async (error: unknown) => {
    skipSeed();
    await seeded;
    await pgBus?.close();
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
      await drain(server, inFlight, options.drainMs ?? 10_000);
      skipSeed();
      await seeded;
      ownMailer?.close();
      await ownSms?.close();
      await pgBus?.close();
      await store.close();
    },
  };
}

type Listening = ReturnType<typeof serve>;

/**
 * Graceful shutdown: stop accepting, close idle keep-alive sockets, let the requests in flight
 * finish (a clave being written, a mail being sent), and only then, or after `drainMs`, cut what
 * is left, so a load balancer's rolling restart loses no answer.
 */
async function drain(server: Listening, inFlight: { count: number; idle: () => void }, drainMs: number): Promise<void> {
  let closed = false;
  const whenClosed = new Promise<void>((done) => server.close(() => done())).then(() => {
    closed = true;
  });
  const deadline = Date.now() + drainMs;
  await new Promise<void>((settled) => {
    const timer = setTimeout(settled, drainMs);
    inFlight.idle = () => {
      clearTimeout(timer);
      settled();
    };
    if (inFlight.count === 0) inFlight.idle();
  });
  // the handlers are done, but their answers may still be on the way out: a socket counts as
  // idle (and is closed) only once its response is finished
  while (!closed && Date.now() < deadline) {
    if ('closeIdleConnections' in server) server.closeIdleConnections();
    await new Promise((r) => setTimeout(r, 5));
  }
  if ('closeAllConnections' in server) server.closeAllConnections();
  await whenClosed;
}

function sealKeyNextTo(dataFile: string | undefined): string | undefined {
  return dataFile && dataFile !== ':memory:' ? join(dirname(dataFile), 'central-seal-key.pem') : undefined;
}

/**
 * The key kiosks seal credentials to. Kept in a file, so what kiosks queued while the central was
 * down can still be opened after a restart, and every node of one central opens what a kiosk
 * sealed for any of them; without a file, a fresh one in memory. Two nodes starting at once may
 * both find no file: the one that loses the exclusive create reads the winner's key.
 */
function loadSealKey(file: string | undefined): KeyObject {
  if (!file) return newSealKeyPair().privateKey;
  try {
    return importSealPrivateKey(readFileSync(file, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const { privateKey } = newSealKeyPair();
  // written whole under another name, then linked into place: a reader never sees half a key
  const draft = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(draft, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  try {
    linkSync(draft, file);
    return privateKey;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return importSealPrivateKey(readFileSync(file, 'utf8'));
  } finally {
    unlinkSync(draft);
  }
}
