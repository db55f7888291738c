import { sql } from 'kysely';
import type { Hono } from 'hono';
import { openCentralStore, type CentralStore } from '../../db/central/open';
import { SEALED_CREDENTIALS, type CredentialsSecrets } from '../contract';
import { newSealKeyPair, seal, sealPublicKeyOf } from '../sealed';
import { signRequest, type KioskIdentity } from '../kiosk-auth';
import { createCentralAppWith, recordAnswersKey, resolveDeps } from './app';
import { enrollKiosk, type CentralEnv } from './kiosks';
import { createPgLiveBus, type PgLiveBus } from './live-bus-pg';
import type { CentralDeps } from './deps';
import { createCaptureMailer } from './mail/capture';
import type { CapturedMailbox, Mailer } from './mail/types';
import { importSeed } from './seed';
import { freshSchemaName, requirePgUrl } from './test-store';
import { FAST_HASH, newIdentity, TEST_ENROLL_CODE, TEST_SEED } from './testkit';

/** One central node: its own app and its own connection pool, on the shared database. */
export type Node = {
  app: Hono<CentralEnv>;
  store: CentralStore;
  deps: CentralDeps;
  /** this node's live-view fan-out (LISTEN/NOTIFY on the shared database) */
  bus: PgLiveBus;
  /** a GET signed by `as` (the live stream), with extra headers */
  get(path: string, as: KioskIdentity, headers?: Record<string, string>, signal?: AbortSignal): Promise<Response>;
  /** a POST signed by the shared test kiosk (or `as`) */
  call(path: string, body: unknown, as?: KioskIdentity): Promise<Response>;
};

export type Nodes = {
  nodes: Node[];
  kiosk: KioskIdentity;
  clock: { t: number };
  /** the live view's NOTIFY channel these nodes share */
  channel: string;
  /** enrolls another kiosk (a supervisor's window) */
  enroll(kioskId: string): Promise<KioskIdentity>;
  mailer: Mailer & { mailbox: CapturedMailbox };
  sealed(grant: string, secrets: Omit<CredentialsSecrets, 'sealedAt'>): { grant: string; sealed: string };
  lastMailTo(address: string): { text: string };
  close(): Promise<void>;
};

/**
 * Test support: several central nodes on one PostgreSQL schema, as behind a load balancer. Each
 * node has its own pool, so their transactions really interleave in the database; they share
 * what a deployment shares (the seal key file, the mail relay, the clock of the machine).
 */
export async function createNodes(count: number, poolMax = 5): Promise<Nodes> {
  const url = requirePgUrl();
  const schema = freshSchemaName();
  const stores: CentralStore[] = [];
  for (let i = 0; i < count; i += 1) stores.push(await openCentralStore({ databaseUrl: url, schema, poolMax }));
  const clock = { t: Date.UTC(2025, 7, 14, 15, 0, 0) };
  const sealKey = newSealKeyPair().privateKey;
  await importSeed(stores[0]!.db, TEST_SEED, {
    now: clock.t,
    lockMinutes: 1440,
    hashParams: FAST_HASH,
    recordKey: recordAnswersKey(sealKey),
  });
  const mailer = createCaptureMailer() as Mailer & { mailbox: CapturedMailbox };
  const kiosk = newIdentity('KIOSCO-01');
  // one channel per test schema, so tests running side by side do not hear each other
  const buses: PgLiveBus[] = [];
  for (const store of stores) buses.push(await createPgLiveBus({ db: store.db, url, channel: schema }));
  const nodes = stores.map((store, index): Node => {
    const bus = buses[index]!;
    const deps = resolveDeps({
      db: store.db,
      mailer,
      enrollCode: TEST_ENROLL_CODE,
      publicUrl: 'https://central.test/',
      activationTtlSeconds: 180,
      now: () => clock.t,
      hashParams: FAST_HASH,
      sealKey,
      lookupsPerMinute: 1000,
      // the races draw many challenges for one person: the draw limits are not what they test
      drawsPerPersonPerHour: 1000,
      drawsPerKioskPerMinute: 1000,
    });
    const app = createCentralAppWith(deps, bus);
    return {
      app,
      store,
      deps,
      bus,
      async get(path, as, headers = {}, signal) {
        const authorization = await signRequest(as, { method: 'GET', path, body: '' }, clock.t);
        return app.request(path, { headers: { authorization, ...headers }, ...(signal ? { signal } : {}) });
      },
      async call(path, body, as = kiosk) {
        const text = JSON.stringify(body);
        const authorization = await signRequest(as, { method: 'POST', path, body: text }, clock.t);
        return app.request(path, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization },
          body: text,
        });
      },
    };
  });
  const first = resolveDeps({
    db: stores[0]!.db,
    publicUrl: 'https://central.test',
    activationTtlSeconds: 180,
    now: () => clock.t,
  });
  await enrollKiosk(first, kiosk.kioskId, kiosk.publicKey);
  return {
    nodes,
    kiosk,
    clock,
    channel: schema,
    async enroll(kioskId) {
      const identity = newIdentity(kioskId);
      await enrollKiosk(first, identity.kioskId, identity.publicKey);
      return identity;
    },
    mailer,
    sealed: (grant, secrets) => ({
      grant,
      sealed: seal(sealPublicKeyOf(sealKey), SEALED_CREDENTIALS, { sealedAt: clock.t, ...secrets }),
    }),
    lastMailTo(address) {
      const mail = mailer.mailbox.latestTo(address);
      if (!mail) throw new Error(`no mail to ${address}`);
      return mail;
    },
    async close() {
      await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(stores[0]!.db);
      for (const b of buses) await b.close();
      for (const s of stores) await s.close();
    },
  };
}
