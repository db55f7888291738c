import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { openDatabase } from '../../db/open';
import { centralMigrations } from '../../db/central/migrations';
import type { CentralDatabase } from '../../db/central/schema';
import { createCentralApp } from './app';
import type { HashParams } from './secrets';
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
  lockMinutes?: number;
  now?: () => number;
  /** tests only: cheaper argon2 parameters */
  hashParams?: HashParams;
};

export type RunningCentral = { url: string; publicUrl: string; close(): Promise<void> };

/** Opens the central's store, serves on 127.0.0.1 only, and imports the seed before answering anything. */
export async function startCentral(options: StartCentralOptions): Promise<RunningCentral> {
  const now = options.now ?? Date.now;
  const lockMinutes = options.lockMinutes ?? 1440;
  const store = await openDatabase<CentralDatabase>({ file: options.dataFile ?? ':memory:', migrations: centralMigrations });
  const seed = options.seedFile ? await loadSeedFile(options.seedFile) : null;
  if (seed && !seed.ok) {
    await store.close();
    throw new Error(`central seed file rejected: ${seed.problems.join('; ')}`);
  }
  // hashing the seed's secrets (argon2id, one by one) takes seconds: it runs while the server
  // already listens, and every request waits for it, so nobody is refused or told "not found"
  const seeded: Promise<Error | null> = seed
    ? importSeed(store.db, seed.seed, { now: now(), lockMinutes, ...(options.hashParams ? { hashParams: options.hashParams } : {}) }).then(
        () => null,
        (error: unknown) => (error instanceof Error ? error : new Error('seed import failed')),
      )
    : Promise.resolve(null);

  // the public URL is only known once the port is, so the app reads it through this holder
  const holder = { publicUrl: options.publicUrl ?? '' };
  const server = await new Promise<ReturnType<typeof serve>>((resolveServer, reject) => {
    let app: ReturnType<typeof createCentralApp> | undefined;
    const s = serve({ fetch: async (req) => ((await seeded) === null && app ? app.fetch(req) : new Response(null, { status: 503 })), port: options.port, hostname: '127.0.0.1' }, (info: AddressInfo) => {
      holder.publicUrl ||= `http://127.0.0.1:${info.port}`;
      app = createCentralApp({
        db: store.db,
        publicUrl: holder.publicUrl,
        activationTtlSeconds: options.activationTtlSeconds,
        ...(options.codeTtlSeconds ? { codeTtlSeconds: options.codeTtlSeconds } : {}),
        lockMinutes,
        now,
        ...(options.hashParams ? { hashParams: options.hashParams } : {}),
      });
      resolveServer(s);
    });
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
    url: `http://127.0.0.1:${port}`,
    publicUrl: holder.publicUrl.replace(/\/$/, ''),
    async close() {
      if (closed) return;
      closed = true;
      await new Promise<void>((done) => {
        server.close(() => done());
        // keep-alive sockets of a kiosk client must not hold the shutdown open
        if ('closeAllConnections' in server) server.closeAllConnections();
      });
      await seeded;
      await store.close();
    },
  };
}
