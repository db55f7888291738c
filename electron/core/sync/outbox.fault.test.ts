/**
 * Fault tests of the outbox against the real embedded central over HTTP (DESIGN §4):
 * a kiosk process SIGKILLed 100 times mid-drain, the central stopped and restarted, a poison row.
 */
import { spawn } from 'node:child_process';
import { KEY_FILE, loadOrCreateIdentity } from '../identity/keystore';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildSync } from 'esbuild';
import { afterEach, describe, expect, it } from 'vitest';
import { createCentralClient } from '../../../central/client';
import { SEALED_CREDENTIALS } from '../../../central/contract';
import { seal } from '../../../central/sealed';
import { startCentral, type RunningCentral } from '../../../central/server/embedded';
import { FAST_HASH } from '../../../central/server/testkit';
import { centralMigrations } from '../../../db/central/migrations';
import type { CentralDatabase } from '../../../db/central/schema';
import { openDatabase } from '../../../db/open';
import { appendOutbox, outboxRowByKey, outboxStatus } from '../../../db/kiosk/outbox';
import { openKioskDb } from '../../../db/kiosk/open';
import { createCentralPush } from './central-push';
import { createKioskOutbox } from './outbox-service';
import { ulid } from './ulid';

const dirs: string[] = [];
const centrals: RunningCentral[] = [];
afterEach(async () => {
  for (const c of centrals.splice(0)) await c.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'outbox-fault-'));
  dirs.push(dir);
  return dir;
};
const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));
const WORKER_ID = 'KIOSCO-FAULT';
/** one key for every worker of this file, handed to each through its data dir */
const workerKeyDir = mkdtempSync(join(tmpdir(), 'outbox-fault-key-'));
const workerKey = loadOrCreateIdentity(workerKeyDir, WORKER_ID).publicKey;

async function central(dataFile: string, port = 0): Promise<RunningCentral> {
  // the worker's key lives in its data dir; the central knows it as an enrolled kiosk
  const started = await startCentral({
    port,
    dataFile,
    activationTtlSeconds: 180,
    hashParams: FAST_HASH,
    kiosks: [{ id: WORKER_ID, publicKey: workerKey }],
  });
  centrals.push(started);
  return started;
}

/** N session events spread over several sessions, enqueued as a kiosk would; returns the keys. */
async function fillBacklog(kioskDir: string, sessions: string[], perSession: number): Promise<string[]> {
  const { db, close } = await openKioskDb(kioskDir);
  const keys: string[] = [];
  for (let i = 0; i < perSession; i++) {
    for (const session of sessions) {
      const key = ulid();
      keys.push(key);
      await db.transaction().execute((trx) =>
        appendOutbox(trx, {
          id: ulid(),
          idempotencyKey: key,
          aggregateId: session,
          kind: 'session.event',
          payload: { event: 'started', flow: 'generate', step: `s${i}`, at: Date.now() },
          now: Date.now(),
        }),
      );
    }
  }
  await close();
  return keys;
}

/** What the central stored, read from its own file once it is closed. */
async function centralEvents(dataFile: string) {
  const store = await openDatabase<CentralDatabase>({ file: dataFile, migrations: centralMigrations });
  const rows = await store.db
    .selectFrom('session_event')
    .select(['key', 'aggregate_id', 'sequence'])
    .orderBy('seq')
    .execute();
  await store.close();
  // keys are stored under the kiosk that sent them
  return rows.map((r) => ({ ...r, key: r.key.replace(`${WORKER_ID}/`, '') }));
}

function expectExactlyOnceInOrder(
  rows: { key: string; aggregate_id: string; sequence: number }[],
  keys: string[],
  sessions: string[],
  perSession: number,
) {
  expect(rows).toHaveLength(keys.length);
  expect(rows.map((r) => r.key).sort()).toEqual([...keys].sort());
  for (const session of sessions) {
    expect(rows.filter((r) => r.aggregate_id === session).map((r) => r.sequence)).toEqual(
      Array.from({ length: perSession }, (_, i) => i + 1),
    );
  }
}

/** The worker bundled once: a cold `tsx` start costs ~1.8 s, a bundle ~0.5 s, and we start it 100 times. */
function bundleWorker(): string {
  const outfile = resolve('node_modules/.cache/kiosk-fault/drain-worker.mjs');
  mkdirSync(resolve('node_modules/.cache/kiosk-fault'), { recursive: true });
  buildSync({
    entryPoints: [resolve(import.meta.dirname, 'testing/drain-worker.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    packages: 'external',
    logLevel: 'silent',
  });
  return outfile;
}

type Run = { finished: boolean };

/** Starts the worker; kills it `killAfterMs` after it says "ready", or lets it finish. */
function runWorker(worker: string, kioskDir: string, url: string, killAfterMs: number | null): Promise<Run> {
  return new Promise((done, reject) => {
    copyFileSync(join(workerKeyDir, KEY_FILE), join(kioskDir, KEY_FILE));
    const child = spawn(process.execPath, [worker, kioskDir, url, '3'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (killAfterMs !== null && out.includes('ready') && !child.killed)
        setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL' || code === 0) done({ finished: out.includes('done') });
      else reject(new Error(`worker exited ${code}: ${err}`));
    });
  });
}

describe('outbox faults against the real central', () => {
  it('SIGKILL at random points of a drain, 100 times, then a restart: every event exactly once, in order per session', async () => {
    const dir = tempDir();
    const kioskDir = join(dir, 'kiosk');
    const dataFile = join(dir, 'central.db');
    const c = await central(dataFile);
    const sessions = ['ses-a', 'ses-b', 'ses-c', 'ses-d', 'ses-e', 'ses-f'];
    const perSession = 40;
    const keys = await fillBacklog(kioskDir, sessions, perSession);
    const worker = bundleWorker();

    let killedMidDrain = 0;
    for (let i = 0; i < 100; i++) {
      const run = await runWorker(worker, kioskDir, c.url, 2 + Math.floor(Math.random() * 98));
      if (!run.finished) killedMidDrain++;
    }
    expect((await runWorker(worker, kioskDir, c.url, null)).finished).toBe(true);
    // most kills must land while rows were still waiting, or the test proves little
    expect(killedMidDrain).toBeGreaterThan(50);

    const { db, close } = await openKioskDb(kioskDir);
    expect(await outboxStatus(db)).toMatchObject({ depth: 0, deadLetters: 0 });
    await close();
    await c.close();
    expectExactlyOnceInOrder(await centralEvents(dataFile), keys, sessions, perSession);
  }, 480_000);

  it('central stopped for a while and restarted on the same port and file: the backlog drains by itself, in order', async () => {
    const dir = tempDir();
    const kioskDir = join(dir, 'kiosk');
    const dataFile = join(dir, 'central.db');
    let c = await central(dataFile);
    const port = Number(new URL(c.url).port);
    const sessions = ['ses-1', 'ses-2', 'ses-3'];
    const { db, sqlite, close } = await openKioskDb(kioskDir);
    const client = createCentralClient({
      baseUrl: c.url,
      identity: loadOrCreateIdentity(workerKeyDir, WORKER_ID),
      timeoutMs: 1_000,
    });
    // random 0: the shortest backoff (250 ms), and a 200 ms timer, so the test waits little
    const outbox = createKioskOutbox({
      db,
      sqlite,
      push: createCentralPush(client),
      batchSize: 4,
      intervalMs: 200,
      random: () => 0,
    });
    outbox.start();

    const keys: string[] = [];
    const enqueue = async (n: number) => {
      for (let i = 0; i < n; i++)
        for (const s of sessions)
          keys.push(
            await outbox.append('session.event', s, { event: 'started', flow: 'recover', step: null, at: Date.now() }),
          );
    };
    await enqueue(3);
    await outbox.idle();
    expect((await outbox.status()).depth).toBe(0);

    await c.close();
    await enqueue(5);
    await sleep(1_200);
    const during = await outbox.status();
    expect(during.depth).toBe(15);
    const waiting = await db
      .selectFrom('outbox')
      .select(['attempts', 'last_error'])
      .where('status', '=', 'pending')
      .execute();
    // the drain stops at the first batch that fails and backs off; those rows say why
    expect(waiting.some((r) => r.attempts >= 1 && r.last_error === 'unavailable')).toBe(true);

    c = await central(dataFile, port);
    const deadline = Date.now() + 20_000;
    while ((await outbox.status()).depth > 0 && Date.now() < deadline) await sleep(100);
    await outbox.stop();
    expect(await outbox.status()).toMatchObject({ depth: 0, deadLetters: 0 });
    await close();
    await c.close();
    expectExactlyOnceInOrder(await centralEvents(dataFile), keys, sessions, 8);
  }, 40_000);

  it('a poison row the central refuses is dead-lettered and does not block the rows behind it', async () => {
    const dir = tempDir();
    const dataFile = join(dir, 'central.db');
    const c = await central(dataFile);
    const { db, sqlite, close } = await openKioskDb(join(dir, 'kiosk'));
    const client = createCentralClient({ baseUrl: c.url, identity: loadOrCreateIdentity(workerKeyDir, WORKER_ID) });
    const outbox = createKioskOutbox({ db, sqlite, push: createCentralPush(client), batchSize: 10 });
    const catalogs = await client.catalogs();
    if (!catalogs.ok || catalogs.value.notModified || !catalogs.value.catalogs.sealKey) throw new Error('no seal key');
    const sealKey = catalogs.value.catalogs.sealKey;
    const event = (step: string) => ({ event: 'help', flow: 'generate', step, at: Date.now() });
    const before = await outbox.append('session.event', 'ses-p', event('identify'));
    // a verification grant the central never issued: refused as grant_invalid, for good
    const poison = await outbox.append('credentials.set', 'ses-p', {
      grant: 'g'.repeat(43),
      sealed: seal(sealKey, SEALED_CREDENTIALS, { password: 'Quilotoa2031', sealedAt: Date.now() }),
    });
    const malformed = await outbox.append('session.event', 'ses-p', { event: 'exploded' });
    const behind = [
      await outbox.append('session.event', 'ses-p', event('done')),
      await outbox.append('session.event', 'ses-q', event('identify')),
    ];
    await outbox.idle();
    const settled = async (key: string) => {
      const row = await outboxRowByKey(db, key);
      return { status: row?.status, error: row?.last_error ?? null };
    };
    expect(await settled(poison)).toEqual({ status: 'dead', error: 'grant_invalid' });
    expect(await settled(malformed)).toEqual({ status: 'dead', error: 'invalid_request' });
    for (const key of [before, ...behind]) expect(await settled(key)).toEqual({ status: 'delivered', error: null });
    expect(await outbox.status()).toMatchObject({ depth: 0, deadLetters: 2 });
    // dead letters keep the reason for staff; the refused sealed clave loses its payload, the
    // session event (codes only) keeps it for a technician's retry
    const dead = await db
      .selectFrom('outbox')
      .select(['kind', 'payload', 'last_error'])
      .where('status', '=', 'dead')
      .orderBy('sequence')
      .execute();
    expect(dead.map((r) => [r.kind, r.payload])).toEqual([
      ['credentials.set', '{}'],
      ['session.event', '{"event":"exploded"}'],
    ]);
    await outbox.stop();
    await close();
    await c.close();
    expect((await centralEvents(dataFile)).map((r) => [r.aggregate_id, r.sequence])).toEqual([
      ['ses-p', 1],
      ['ses-p', 4],
      ['ses-q', 1],
    ]);
  });
});
