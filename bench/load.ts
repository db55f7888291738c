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
import { HEARTBEAT_TIMEOUT_MS } from '../electron/core/fleet/heartbeat';

/**
 * `npm run load`: 500 simulated kiosks against 2 central nodes on PostgreSQL, then the same load
 * on the SQLite central (one node), on 127.0.0.1 only and bounded in time and in requests in
 * flight. Heartbeats: each kiosk every 5 s on the kiosks' own route (POST /fleet/heartbeat), one
 * at a time, given up after the kiosk's own timeout. Flows: the peak month's rate ×10: 100,064
 * atenciones in 2025-08 over its 21 working days of 8 office hours. Every request that fails,
 * times out or is never sent (a heartbeat due while the last is unanswered, a flow over the
 * in-flight bound) is an error.
 */
const ROOT = resolve(import.meta.dirname, '..');
const HEARTBEAT_MS = 5_000;
const PEAK_MONTH_ATENCIONES = 100_064;
const OFFICE_SECONDS = 21 * 8 * 3600;
const FLOWS_PER_SECOND = (PEAK_MONTH_ATENCIONES / OFFICE_SECONDS) * 10;
/** Flows in flight at once; a flow due while this many run is not started, and counts as an error. */
const MAX_FLOWS_IN_FLIGHT = 64;
/** What the kiosk's central client waits for a flow call (central/client.ts) before it gives up. */
const FLOW_CALL_TIMEOUT_MS = 5_000;
/** The link is opened in the person's browser, which waits far longer than a kiosk. */
const LINK_TIMEOUT_MS = 30_000;
const ENROLL_CODE = 'load-test-enroll-code';

function option(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : undefined;
}
function numberOption(name: string, fallback: number): number {
  const raw = option(name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} takes a positive whole number, not ${raw}`);
  return value;
}
/** `--kiosks N --seconds S` make a smaller, shorter run than the full 500 kiosks for 40 s. */
const KIOSKS = numberOption('kiosks', 500);
const SECONDS = numberOption('seconds', 40);
/** `--engine postgres|sqlite` runs one of the two; default both, PostgreSQL first. */
const ENGINE = option('engine') ?? 'both';
if (!['postgres', 'sqlite', 'both'].includes(ENGINE)) throw new Error(`--engine takes postgres, sqlite or both`);
/** `--diagnose`: PostgreSQL's wait events sampled during the run and its costliest statements. */
const DIAGNOSE = process.argv.includes('--diagnose');

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

type Post = (
  base: string,
  path: string,
  body: unknown,
  kiosk: KioskIdentity | null,
  route: string,
  timeoutMs: number,
) => Promise<{ status: number; answer: unknown }>;

async function runLoad(label: string, urls: string[], inbox: Inbox, sizeOf: () => Promise<number>) {
  const samples: Sample[] = [];
  // every request that failed, timed out or was never sent, by route: a dropped heartbeat is an error
  const errors: { route: string; what: string }[] = [];
  const pick = (i: number) => urls[i % urls.length]!;
  const fail = (route: string, what: string) => errors.push({ route, what });

  const post: Post = async (base, path, body, kiosk, route, timeoutMs) => {
    const text = JSON.stringify(body);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (kiosk) headers.authorization = await signRequest(kiosk, { method: 'POST', path, body: text }, Date.now());
    const start = performance.now();
    try {
      const res = await fetch(`${base}${path}`, {
        method: 'POST',
        headers,
        body: text,
        signal: AbortSignal.timeout(timeoutMs),
      });
      const answer = res.headers.get('content-type')?.includes('json')
        ? ((await res.json()) as unknown)
        : await res.text();
      samples.push({ route, ms: performance.now() - start, ok: res.ok });
      if (!res.ok) fail(route, `${res.status} ${JSON.stringify(answer).slice(0, 120)}`);
      return { status: res.status, answer };
    } catch (error) {
      samples.push({ route, ms: performance.now() - start, ok: false });
      const name = error instanceof Error ? error.name : '';
      fail(
        route,
        name === 'TimeoutError'
          ? `no answer in ${timeoutMs} ms`
          : error instanceof Error
            ? error.message
            : String(error),
      );
      return { status: 0, answer: null };
    }
  };

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
            LINK_TIMEOUT_MS,
          ),
        ),
    );
  }
  if (errors.length > 0) throw new Error(`enrolment failed: ${errors[0]!.route} ${errors[0]!.what}`);
  const catalogs = await fetch(`${pick(0)}/api/v1/catalogs`, {
    headers: {
      authorization: await signRequest(kiosks[0]!, { method: 'GET', path: '/api/v1/catalogs', body: '' }, Date.now()),
    },
  });
  const sealKey = ((await catalogs.json()) as { sealKey: string }).sealKey;
  samples.length = 0;

  const started = performance.now();
  const endsAt = started + SECONDS * 1000;
  const pending = new Set<Promise<unknown>>();
  const track = (work: Promise<unknown>) => {
    pending.add(work);
    void work.finally(() => pending.delete(work));
  };

  // heartbeats: kiosk i every 5 s, the kiosks spread evenly over the 5 s. As a kiosk does, one at
  // a time: a beat due while the last one is unanswered is not sent, and counts as an error, as
  // does an answer later than the kiosk waits
  let beatsDue = 0;
  const beating = new Set<number>();
  const beats = kiosks.map((k, i) =>
    setTimeout(
      function beat() {
        if (performance.now() >= endsAt) return;
        beats[i] = setTimeout(beat, HEARTBEAT_MS);
        beatsDue += 1;
        if (beating.has(i)) return fail('fleet/heartbeat', 'not sent: the last one is still unanswered');
        beating.add(i);
        track(
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
            HEARTBEAT_TIMEOUT_MS,
          ).finally(() => beating.delete(i)),
        );
      },
      (i * HEARTBEAT_MS) / KIOSKS,
    ),
  );

  // flows: each step on the other node than the one before, so state is shared through the database
  let flows = 0;
  let flowsDone = 0;
  let flowsInFlight = 0;
  const flow = async (n: number) => {
    const kiosk = kiosks[n % KIOSKS]!;
    const id = cedula(n + 1);
    const email = `persona${n + 1}@example.com`;
    const at = (step: number) => pick(n + step);
    const call = (step: number, path: string, body: unknown, route: string) =>
      post(at(step), path, body, kiosk, route, FLOW_CALL_TIMEOUT_MS);
    const look = await call(0, '/api/v1/identity/lookup', { idType: 'cedula', id }, 'identity/lookup');
    if (look.status !== 200) return;
    const drawn = await call(
      1,
      '/api/v1/identity/challenge',
      { idType: 'cedula', id, intent: 'generate' },
      'identity/challenge',
    );
    if (drawn.status !== 200) return;
    const set = drawn.answer as { challengeId: string; questions: { id: string }[] };
    const verify = await call(
      2,
      '/api/v1/identity/verify',
      {
        challengeId: set.challengeId,
        birthDay: 17,
        birthMonth: 5,
        answers: set.questions.map((q) => ({ questionId: q.id, answer: '1991' })),
      },
      'identity/verify',
    );
    if (verify.status !== 200) return;
    const verified = verify.answer as { ok: boolean; grant: string };
    if (!verified.ok) return fail('identity/verify', `flow ${n}: right answers refused`);
    const mail = inbox.nextMailTo(email);
    const startedMail = await call(3, '/api/v1/activation/start', { grant: verified.grant }, 'activation/start');
    if (startedMail.status !== 200) return;
    const text = await Promise.race([mail, new Promise<null>((r) => setTimeout(() => r(null), LINK_TIMEOUT_MS))]);
    if (text === null) return fail('activation/start', `flow ${n}: no mail in ${LINK_TIMEOUT_MS} ms`);
    const link = /\/activar\/[A-Za-z0-9_-]+/.exec(text)?.[0] ?? '';
    const opened = await post(at(4), link, {}, null, 'activar (link POST)', LINK_TIMEOUT_MS);
    if (opened.status !== 200) return;
    const status = await call(5, '/api/v1/activation/status', { grant: verified.grant }, 'activation/status');
    if (status.status !== 200) return;
    const sealed = seal(sealKey, SEALED_CREDENTIALS, { sealedAt: Date.now(), password: 'Volcan7Norte' });
    const set2 = await call(6, '/api/v1/credentials', { grant: verified.grant, sealed }, 'credentials');
    if (set2.status === 200) flowsDone += 1;
  };
  const flowTimer = setInterval(() => {
    if (performance.now() >= endsAt) return;
    const n = flows;
    flows += 1;
    if (flowsInFlight >= MAX_FLOWS_IN_FLIGHT)
      return fail('flows', `flow ${n} not started: ${MAX_FLOWS_IN_FLIGHT} in flight`);
    flowsInFlight += 1;
    track(flow(n).finally(() => (flowsInFlight -= 1)));
  }, 1000 / FLOWS_PER_SECOND);

  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  clearInterval(flowTimer);
  beats.forEach((b) => clearTimeout(b));
  // every request has a timeout, so this ends; a flow still waiting for its mail is cut off here
  const settled = await Promise.race([
    Promise.all(pending).then(() => true),
    new Promise<false>((r) => setTimeout(() => r(false), 60_000)),
  ]);
  if (!settled) fail('flows', `${pending.size} still unfinished 60 s after the end`);
  const elapsed = (performance.now() - started) / 1000;

  const errorsOf = (route: string) => errors.filter((e) => e.route === route).length;
  const routes = [...new Set([...samples.map((s) => s.route), ...errors.map((e) => e.route)])];
  const beatsAnswered = samples.filter((s) => s.route === 'fleet/heartbeat' && s.ok).length;
  console.log(
    `\n${label}: ${SECONDS} s, ${KIOSKS} kiosks; heartbeats due ${beatsDue}, answered in time ${beatsAnswered}; flows started ${flows}, finished ${flowsDone}`,
  );
  console.log(
    `  throughput ${(samples.length / elapsed).toFixed(1)} requests/s, errors ${errors.length}, database ${((await sizeOf()) / 1024 / 1024).toFixed(1)} MB`,
  );
  console.log(
    `  ${'route'.padEnd(22)} ${'n'.padStart(6)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'errors'.padStart(7)}`,
  );
  for (const route of routes) {
    const sorted = samples
      .filter((s) => s.route === route)
      .map((s) => s.ms)
      .sort((a, b) => a - b);
    const line = [
      route.padEnd(22),
      String(sorted.length).padStart(6),
      percentile(sorted, 50).toFixed(1).padStart(8),
      percentile(sorted, 95).toFixed(1).padStart(8),
      percentile(sorted, 99).toFixed(1).padStart(8),
      String(errorsOf(route)).padStart(7),
    ];
    console.log(`  ${line.join(' ')}`);
  }
  const kinds = new Map<string, number>();
  for (const e of errors) {
    const key = `${e.route}: ${e.what.replace(/flow \d+/, 'flow n')}`;
    kinds.set(key, (kinds.get(key) ?? 0) + 1);
  }
  for (const [what, count] of [...kinds].sort((a, b) => b[1] - a[1]).slice(0, 8))
    console.log(`  error ×${count}: ${what}`);
  return errors.length;
}

/**
 * `--diagnose`: what PostgreSQL's sessions wait on, sampled every 100 ms while the load runs
 * (pg_stat_activity), and at the end the statements that took the most time in all
 * (pg_stat_statements, loaded into the throwaway cluster for this).
 */
async function startDiagnosis(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('create extension if not exists pg_stat_statements');
  await client.query('select pg_stat_statements_reset()');
  await client.query('select pg_stat_reset()');
  const waits = new Map<string, number>();
  let samples = 0;
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const { rows } = await client.query<{ what: string; n: string }>(
        `select coalesce(wait_event_type || ':' || wait_event, 'CPU (running)') as what, count(*) as n
           from pg_stat_activity
          where state = 'active' and pid <> pg_backend_pid() and backend_type = 'client backend'
            and query not ilike 'listen %'
          group by 1`,
      );
      samples += 1;
      for (const r of rows) waits.set(r.what, (waits.get(r.what) ?? 0) + Number(r.n));
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  return {
    async report() {
      stopped = true;
      await loop;
      console.log(`  PostgreSQL sessions active per sample (${samples} samples), by wait event:`);
      for (const [what, n] of [...waits].sort((a, b) => b[1] - a[1]).slice(0, 8))
        console.log(`    ${(n / samples).toFixed(2).padStart(6)}  ${what}`);
      const { rows } = await client.query<{ calls: string; total: number; mean: number; query: string }>(
        `select calls, total_exec_time as total, mean_exec_time as mean, query
           from pg_stat_statements where dbid = (select oid from pg_database where datname = current_database())
          order by total_exec_time desc limit 12`,
      );
      console.log(`  statements by total time (calls, total ms, mean ms):`);
      for (const r of rows)
        console.log(
          `    ${String(r.calls).padStart(6)} ${r.total.toFixed(0).padStart(7)} ${r.mean.toFixed(2).padStart(7)}  ${r.query.replace(/\s+/g, ' ').slice(0, 110)}`,
        );
      // a table read whole again and again is a query without the index it needs
      const tables = await client.query<{ relname: string; seq_scan: string; seq_tup_read: string; idx_scan: string }>(
        `select relname, seq_scan, seq_tup_read, coalesce(idx_scan, 0) as idx_scan
           from pg_stat_user_tables where seq_tup_read > 0 order by seq_tup_read desc limit 8`,
      );
      console.log(`  tables read by sequential scan (scans, rows read, index scans):`);
      for (const t of tables.rows)
        console.log(
          `    ${t.seq_scan.padStart(6)} ${t.seq_tup_read.padStart(9)} ${t.idx_scan.padStart(7)}  ${t.relname}`,
        );
      await client.end();
    },
  };
}

async function main(): Promise<number> {
  const work = mkdtempSync(join(tmpdir(), 'iess-load-'));
  const seedFile = join(work, 'seed.json');
  writeFileSync(seedFile, JSON.stringify(seedFor(Math.ceil(FLOWS_PER_SECOND * SECONDS) + 10)));
  console.log(
    `flows: ${PEAK_MONTH_ATENCIONES} atenciones (2025-08) / (21 days × 8 h) × 10 = ${FLOWS_PER_SECOND.toFixed(2)} flows/s; heartbeats: ${KIOSKS} kiosks every ${HEARTBEAT_MS / 1000} s = ${KIOSKS / (HEARTBEAT_MS / 1000)}/s`,
  );
  const cluster =
    ENGINE === 'sqlite'
      ? null
      : await startCluster(
          DIAGNOSE ? { shared_preload_libraries: 'pg_stat_statements', 'pg_stat_statements.track': 'all' } : {},
        );
  const inbox = await startInbox();
  const children: ChildProcess[] = [];
  // a run stopped from outside still stops its nodes and deletes its cluster
  const abort = () => {
    children.forEach((c) => c.kill('SIGKILL'));
    inbox.kill();
    cluster?.stop();
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
    if (cluster) {
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
      const diagnosis = DIAGNOSE ? await startDiagnosis(cluster.url) : null;
      errors += await runLoad(
        'PostgreSQL, 2 nodes',
        nodes.map((n) => n.url),
        inbox,
        size,
      );
      await diagnosis?.report();
      nodes.forEach((n) => n.child.kill('SIGTERM'));
      await Promise.all(nodes.map((n) => (n.child.exitCode === null ? once(n.child, 'exit') : null)));
    }

    if (ENGINE !== 'postgres') {
      // SQLite: the embedded default, one node
      const dataDir = join(work, 'sqlite');
      const node = await startNode({ ...common, CENTRAL_DATA_DIR: dataDir });
      children.push(node.child);
      const sqliteSize = async () =>
        readdirSync(dataDir)
          .filter((f) => f.startsWith('central.db'))
          .reduce((sum, f) => sum + statSync(join(dataDir, f)).size, 0);
      errors += await runLoad('SQLite, 1 node', [node.url], inbox, sqliteSize);
    }
  } finally {
    children.forEach((c) => c.kill('SIGTERM'));
    await Promise.all(children.map((c) => (c.exitCode === null ? once(c, 'exit') : null)));
    cluster?.stop();
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
