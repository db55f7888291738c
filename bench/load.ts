import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { routes as contract, SEALED_CREDENTIALS } from '../central/contract';
import type { Heartbeat } from '../domain/fleet';
import { newKioskKeyPair, signRequest, type KioskIdentity } from '../central/kiosk-auth';
import { seal } from '../central/sealed';
import { freePort, startCluster } from '../scripts/pg-cluster';

/**
 * `npm run load`: 500 simulated kiosks against 2 central nodes on PostgreSQL, then the same load
 * on the SQLite central (one node), on 127.0.0.1 only and bounded in time and in requests in
 * flight. Heartbeats: each kiosk every 5 s on the kiosks' own route (POST /fleet/heartbeat). Flows: the peak month's rate ×10: 100,064 atenciones in 2025-08 over
 * its 21 working days of 8 office hours.
 */
const ROOT = resolve(import.meta.dirname, '..');
const KIOSKS = 500;
const HEARTBEAT_MS = 5_000;
const PEAK_MONTH_ATENCIONES = 100_064;
const OFFICE_SECONDS = 21 * 8 * 3600;
const FLOWS_PER_SECOND = (PEAK_MONTH_ATENCIONES / OFFICE_SECONDS) * 10;
const MAX_IN_FLIGHT = 256;
const secondsArg = process.argv.indexOf('--seconds');
const SECONDS = secondsArg > 0 ? Number(process.argv[secondsArg + 1]) : 40;
const ENROLL_CODE = 'load-test-enroll-code';

type Sample = { route: string; ms: number; ok: boolean };

/** Cédulas with a right check digit (province 17, third digit 1), as the seed requires real ids. */
function cedula(n: number): string {
  const body = `171${String(n).padStart(6, '0')}`;
  const sum = [...body].reduce((acc, d, i) => {
    const v = Number(d) * (i % 2 === 0 ? 2 : 1);
    return acc + (v > 9 ? v - 9 : v);
  }, 0);
  return `${body}${(10 - (sum % 10)) % 10}`;
}

function seedFor(people: number): unknown {
  return {
    afiliados: Array.from({ length: people }, (_, i) => ({
      id: cedula(i + 1),
      idType: 'cedula',
      fullName: `Persona de Carga ${i + 1}`,
      birthDate: '1970-05-17',
      email: `persona${i + 1}@example.com`,
      dataUpdatedInPerson: true,
      hasPassword: false,
      challenges: [
        {
          question: '¿En qué año realizó su primer aporte al IESS?',
          answer: '1991',
          distractors: ['1989', '1993', '1995'],
        },
      ],
      securityImage: null,
    })),
    employers: [],
    staff: [],
  };
}

/**
 * The relay the central mails the activation links to, run as its own process (bench/smtp-relay.ts);
 * the flow reads each link from the mails it reports.
 */
async function startInbox() {
  const waiting = new Map<string, (text: string) => void>();
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bench/smtp-relay.ts')], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((ready, fail) => {
    child.on('message', (message: { port?: number; to?: string; text?: string }) => {
      if (message.port) ready(message.port);
      else if (message.to) waiting.get(message.to)?.(message.text ?? '');
    });
    child.once('exit', (code) => fail(new Error(`SMTP relay exited ${code}`)));
  });
  return {
    port,
    nextMailTo: (address: string) => new Promise<string>((r) => waiting.set(address, r)),
    close: async () => {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.disconnect();
      await exited;
    },
    kill: () => child.kill('SIGKILL'),
  };
}

async function startNode(env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'central/cli.ts')], {
    cwd: ROOT,
    env: { ...process.env, ...env, CENTRAL_PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((ready, fail) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('Central ready at')) ready();
    });
    child.once('exit', (code) => fail(new Error(`central exited ${code}`)));
  });
  const url = `http://127.0.0.1:${port}`;
  // the seed import runs behind the ready line: the first answer waits for it
  while ((await fetch(`${url}/health`)).status !== 200) await new Promise((r) => setTimeout(r, 100));
  return { url, child };
}

function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : NaN;
}

type Inbox = Awaited<ReturnType<typeof startInbox>>;

async function runLoad(label: string, urls: string[], inbox: Inbox, sizeOf: () => Promise<number>) {
  const samples: Sample[] = [];
  let inFlight = 0;
  let dropped = 0;
  const errors: string[] = [];
  const pick = (i: number) => urls[i % urls.length]!;

  async function post(base: string, path: string, body: unknown, kiosk: KioskIdentity | null, route = path) {
    const text = JSON.stringify(body);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (kiosk) headers.authorization = await signRequest(kiosk, { method: 'POST', path, body: text }, Date.now());
    const start = performance.now();
    inFlight += 1;
    try {
      const res = await fetch(`${base}${path}`, { method: 'POST', headers, body: text });
      const answer = res.headers.get('content-type')?.includes('json')
        ? ((await res.json()) as unknown)
        : await res.text();
      samples.push({ route, ms: performance.now() - start, ok: res.ok });
      if (!res.ok) errors.push(`${route} ${res.status} ${JSON.stringify(answer).slice(0, 120)}`);
      return { status: res.status, answer };
    } catch (error) {
      samples.push({ route, ms: performance.now() - start, ok: false });
      errors.push(`${route} ${error instanceof Error ? error.message : String(error)}`);
      return { status: 0, answer: null };
    } finally {
      inFlight -= 1;
    }
  }

  // enrolment (not measured): each kiosk's own key, with the technician's code
  const kiosks: KioskIdentity[] = Array.from({ length: KIOSKS }, (_, i) => ({
    kioskId: `CARGA-${String(i + 1).padStart(3, '0')}`,
    ...newKioskKeyPair(),
  }));
  for (let i = 0; i < kiosks.length; i += 50) {
    await Promise.all(
      kiosks
        .slice(i, i + 50)
        .map((k, j) =>
          post(
            pick(i + j),
            '/api/v1/kiosks/enroll',
            { kioskId: k.kioskId, publicKey: k.publicKey, code: ENROLL_CODE },
            k,
            'enroll',
          ),
        ),
    );
  }
  const catalogs = await fetch(`${pick(0)}/api/v1/catalogs`, {
    headers: {
      authorization: await signRequest(kiosks[0]!, { method: 'GET', path: '/api/v1/catalogs', body: '' }, Date.now()),
    },
  });
  const sealKey = ((await catalogs.json()) as { sealKey: string }).sealKey;
  samples.length = 0;
  errors.length = 0;

  const started = performance.now();
  const endsAt = started + SECONDS * 1000;
  const pending = new Set<Promise<unknown>>();
  const launch = (work: () => Promise<unknown>) => {
    if (inFlight >= MAX_IN_FLIGHT) {
      dropped += 1; // bounded: the client never queues without limit
      return;
    }
    const p = work().finally(() => pending.delete(p));
    pending.add(p);
  };

  // heartbeats: kiosk i every 5 s, the 500 spread evenly over the 5 s
  const beats = kiosks.map((k, i) =>
    setTimeout(
      function beat() {
        if (performance.now() >= endsAt) return;
        launch(() =>
          post(
            pick(i),
            contract.heartbeat.path,
            {
              office: `Oficina ${String(i % 100).padStart(3, '0')}`,
              version: '0.1.0',
              state: 'idle',
              step: null,
              since: Date.now(),
              outbox: { depth: 0, deadLetters: 0 },
              help: null,
              lastError: null,
              update: null,
            } satisfies Heartbeat,
            k,
            'fleet/heartbeat',
          ),
        );
        beats[i] = setTimeout(beat, HEARTBEAT_MS);
      },
      (i * HEARTBEAT_MS) / KIOSKS,
    ),
  );

  // flows: each step on the other node than the one before, so state is shared through the database
  let flows = 0;
  let flowsDone = 0;
  const flow = async (n: number) => {
    const kiosk = kiosks[n % KIOSKS]!;
    const id = cedula(n + 1);
    const email = `persona${n + 1}@example.com`;
    const at = (step: number) => pick(n + step);
    const look = await post(at(0), '/api/v1/identity/lookup', { idType: 'cedula', id }, kiosk, 'identity/lookup');
    if (look.status !== 200) return;
    const set = (
      await post(
        at(1),
        '/api/v1/identity/challenge',
        { idType: 'cedula', id, intent: 'generate' },
        kiosk,
        'identity/challenge',
      )
    ).answer as { challengeId: string; questions: { id: string }[] };
    const verified = (
      await post(
        at(2),
        '/api/v1/identity/verify',
        {
          challengeId: set.challengeId,
          birthDay: 17,
          birthMonth: 5,
          answers: set.questions.map((q) => ({ questionId: q.id, answer: '1991' })),
        },
        kiosk,
        'identity/verify',
      )
    ).answer as { ok: boolean; grant: string };
    if (!verified.ok) return void errors.push(`flow ${n}: verify refused`);
    const mail = inbox.nextMailTo(email);
    await post(at(3), '/api/v1/activation/start', { grant: verified.grant }, kiosk, 'activation/start');
    const link = /\/activar\/[A-Za-z0-9_-]+/.exec(await mail)?.[0] ?? '';
    await post(at(4), link, {}, null, 'activar (link POST)');
    await post(at(5), '/api/v1/activation/status', { grant: verified.grant }, kiosk, 'activation/status');
    const sealed = seal(sealKey, SEALED_CREDENTIALS, { sealedAt: Date.now(), password: 'Volcan7Norte' });
    const set2 = await post(at(6), '/api/v1/credentials', { grant: verified.grant, sealed }, kiosk, 'credentials');
    if (set2.status === 200) flowsDone += 1;
  };
  const flowTimer = setInterval(() => {
    if (performance.now() >= endsAt) return;
    const n = flows;
    flows += 1;
    launch(() => flow(n));
  }, 1000 / FLOWS_PER_SECOND);

  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  clearInterval(flowTimer);
  beats.forEach((b) => clearTimeout(b));
  await Promise.race([Promise.all(pending), new Promise((r) => setTimeout(r, 30_000))]);
  const elapsed = (performance.now() - started) / 1000;

  const routes = [...new Set(samples.map((s) => s.route))];
  console.log(
    `\n${label}: ${SECONDS} s, ${KIOSKS} kiosks, flows started ${flows} (finished ${flowsDone}), dropped by the in-flight bound ${dropped}`,
  );
  console.log(
    `  throughput ${(samples.length / elapsed).toFixed(1)} requests/s, errors ${errors.length}, database ${((await sizeOf()) / 1024 / 1024).toFixed(1)} MB`,
  );
  console.log(
    `  ${'route'.padEnd(22)} ${'n'.padStart(6)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'errors'.padStart(7)}`,
  );
  for (const route of routes) {
    const of = samples.filter((s) => s.route === route);
    const sorted = of.map((s) => s.ms).sort((a, b) => a - b);
    const line = [
      route.padEnd(22),
      String(of.length).padStart(6),
      percentile(sorted, 50).toFixed(1).padStart(8),
      percentile(sorted, 95).toFixed(1).padStart(8),
      percentile(sorted, 99).toFixed(1).padStart(8),
      String(of.filter((s) => !s.ok).length).padStart(7),
    ];
    console.log(`  ${line.join(' ')}`);
  }
  for (const e of [...new Set(errors)].slice(0, 5)) console.log(`  error: ${e}`);
  return errors.length;
}

async function main(): Promise<number> {
  const work = mkdtempSync(join(tmpdir(), 'iess-load-'));
  const seedFile = join(work, 'seed.json');
  writeFileSync(seedFile, JSON.stringify(seedFor(Math.ceil(FLOWS_PER_SECOND * SECONDS) + 10)));
  console.log(
    `flows: ${PEAK_MONTH_ATENCIONES} atenciones (2025-08) / (21 days × 8 h) × 10 = ${FLOWS_PER_SECOND.toFixed(2)} flows/s; heartbeats: ${KIOSKS} kiosks every ${HEARTBEAT_MS / 1000} s = ${KIOSKS / (HEARTBEAT_MS / 1000)}/s`,
  );
  const cluster = await startCluster();
  const inbox = await startInbox();
  const children: ChildProcess[] = [];
  // a run stopped from outside still stops its nodes and deletes its cluster
  const abort = () => {
    children.forEach((c) => c.kill('SIGKILL'));
    inbox.kill();
    cluster.stop();
    rmSync(work, { recursive: true, force: true });
    process.exit(1);
  };
  process.once('SIGTERM', abort);
  process.once('SIGINT', abort);
  let errors = 0;
  try {
    const common = {
      CENTRAL_SEED_FILE: seedFile,
      CENTRAL_ENROLL_CODE: ENROLL_CODE,
      CENTRAL_SEAL_KEY_FILE: join(work, 'seal.pem'),
      SMTP_URL: `smtp://127.0.0.1:${inbox.port}`,
    };
    // PostgreSQL: two nodes, one database
    const pgEnv = { ...common, CENTRAL_DATABASE_URL: cluster.url };
    const nodes = await Promise.all([startNode(pgEnv), startNode(pgEnv)]);
    children.push(...nodes.map((n) => n.child));
    const size = async () => {
      const client = new pg.Client({ connectionString: cluster.url });
      await client.connect();
      const { rows } = await client.query<{ bytes: string }>('select pg_database_size(current_database()) as bytes');
      await client.end();
      return Number(rows[0]?.bytes ?? 0);
    };
    errors += await runLoad(
      'PostgreSQL, 2 nodes',
      nodes.map((n) => n.url),
      inbox,
      size,
    );
    nodes.forEach((n) => n.child.kill('SIGTERM'));
    await Promise.all(nodes.map((n) => (n.child.exitCode === null ? once(n.child, 'exit') : null)));

    // SQLite: the embedded default, one node
    const dataDir = join(work, 'sqlite');
    const node = await startNode({ ...common, CENTRAL_DATA_DIR: dataDir });
    children.push(node.child);
    const sqliteSize = async () =>
      readdirSync(dataDir)
        .filter((f) => f.startsWith('central.db'))
        .reduce((sum, f) => sum + statSync(join(dataDir, f)).size, 0);
    errors += await runLoad('SQLite, 1 node', [node.url], inbox, sqliteSize);
  } finally {
    children.forEach((c) => c.kill('SIGTERM'));
    await Promise.all(children.map((c) => (c.exitCode === null ? once(c, 'exit') : null)));
    cluster.stop();
    await inbox.close();
    rmSync(work, { recursive: true, force: true });
  }
  return errors === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
