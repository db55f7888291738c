import { spawnSync } from 'node:child_process';
import { ensureSystemPackages } from './system-packages';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startCluster, type Cluster } from './pg-cluster';

/**
 * `npm test`: typecheck, lint, unit, build, e2e — every stage runs even when one before it
 * fails, so one run shows everything that is wrong. Ends with one line summing the runners:
 * `N passed, N failed, N skipped`.
 */
const root = resolve(import.meta.dirname, '..');
// before minutes of other stages: the e2e stage needs a browser and a display server from Debian
if (!ensureSystemPackages()) process.exit(1);
const results = join(root, 'test-results');
rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });

/** `timeoutMs`: a stage that hangs is stopped and counted as failed, so CI always ends */
type Stage = { name: string; command: string[]; env?: Record<string, string>; timeoutMs?: number };

/**
 * A throwaway PostgreSQL cluster for the whole run (the unit stage's PostgreSQL-only tests and the
 * central suite on PostgreSQL both use it), stopped and deleted however the run ends.
 */
let cluster: Cluster | null = null;
try {
  cluster = await startCluster();
  console.log(`PostgreSQL for the central's tests at 127.0.0.1:${cluster.port} (throwaway, deleted at the end)`);
} catch (error) {
  console.error(`PostgreSQL could not start: ${error instanceof Error ? error.message : String(error)}`);
}
const stopCluster = () => cluster?.stop();
process.on('exit', stopCluster);
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => {
    stopCluster();
    process.exit(1);
  });
const pgEnv: Record<string, string> = cluster ? { CENTRAL_TEST_DATABASE_URL: cluster.url } : {};
const stages: Stage[] = [
  { name: 'typecheck: tsc', command: ['npx', 'tsc', '--noEmit', '-p', 'tsconfig.json'] },
  {
    name: 'typecheck: svelte-check',
    command: ['npx', 'svelte-check', '--tsconfig', './tsconfig.json', '--threshold', 'error', '--fail-on-warnings'],
  },
  { name: 'lint: eslint', command: ['npx', 'eslint', '.'] },
  { name: 'format: prettier', command: ['npx', 'prettier', '--check', '.'] },
  { name: 'lint: boundaries', command: ['npx', 'tsx', 'scripts/lint-boundaries.ts'] },
  { name: 'lint: electronegativity', command: ['npx', 'tsx', 'scripts/electronegativity.ts'] },
  {
    name: 'unit: vitest',
    command: [
      'npx',
      'vitest',
      'run',
      '--reporter=default',
      '--reporter=json',
      `--outputFile=${join(results, 'vitest.json')}`,
    ],
    env: pgEnv,
  },
  // the central's own suite again, every test on PostgreSQL (the unit stage ran it on SQLite)
  {
    name: 'central: vitest on PostgreSQL',
    command: [
      'npx',
      'vitest',
      'run',
      'central',
      'db/central',
      '--reporter=default',
      '--reporter=json',
      `--outputFile=${join(results, 'vitest-postgres.json')}`,
    ],
    env: { ...pgEnv, CENTRAL_TEST_ENGINE: 'postgres' },
    // ≈2 min on a quiet 2-core machine; the margin is for a busy one
    timeoutMs: 8 * 60_000,
  },
  {
    name: 'faults: vitest',
    command: [
      'npx',
      'vitest',
      'run',
      '--config',
      'vitest.fault.config.ts',
      '--reporter=default',
      '--reporter=json',
      `--outputFile=${join(results, 'vitest-faults.json')}`,
    ],
  },
  // the renderer and Electron bundles, and the web host as built JavaScript (e2e and bench start it)
  { name: 'build', command: ['npm', 'run', 'build'] },
  // each benchmark row once, so the bench cannot rot; the figures themselves are `npm run bench`
  { name: 'bench: smoke', command: ['npm', 'run', 'bench', '--', '--smoke'], timeoutMs: 8 * 60_000 },
  { name: 'e2e: playwright', command: ['npx', 'playwright', 'test'] },
];

const failedStages: string[] = [];
for (const stage of stages) {
  console.log(`\n=== ${stage.name} ===`);
  if (!cluster && stage.env?.CENTRAL_TEST_ENGINE === 'postgres') {
    failedStages.push(stage.name);
    continue;
  }
  const [cmd, ...args] = stage.command;
  const run = spawnSync(cmd ?? 'npx', args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...stage.env },
    ...(stage.timeoutMs ? { timeout: stage.timeoutMs, killSignal: 'SIGKILL' as const } : {}),
  });
  if (run.status !== 0) failedStages.push(stage.name);
  // e2e needs the build; without it every spec would fail for the same reason
  if (stage.name.startsWith('build') && run.status !== 0) break;
}

type Counts = { passed: number; failed: number; skipped: number };
const counts: Counts = { passed: 0, failed: 0, skipped: 0 };

stopCluster();

for (const file of ['vitest.json', 'vitest-postgres.json', 'vitest-faults.json'].map((f) => join(results, f))) {
  if (!existsSync(file)) continue;
  const report = JSON.parse(readFileSync(file, 'utf8')) as {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
  };
  counts.passed += report.numPassedTests;
  counts.failed += report.numFailedTests;
  counts.skipped += report.numPendingTests + report.numTodoTests;
}
const playwrightFile = join(results, 'playwright.json');
if (existsSync(playwrightFile)) {
  const report = JSON.parse(readFileSync(playwrightFile, 'utf8')) as {
    stats: { expected: number; unexpected: number; flaky: number; skipped: number };
  };
  // there are no retries, but should a config bring them back, a pass on the second try is a failure
  counts.passed += report.stats.expected;
  counts.failed += report.stats.unexpected + report.stats.flaky;
  counts.skipped += report.stats.skipped;
}
// a stage that failed without a test report (typecheck, lint, build) counts as one failure
const reported = ['unit: vitest', 'central: vitest on PostgreSQL', 'faults: vitest', 'e2e: playwright'];
counts.failed += failedStages.filter((s) => !reported.includes(s)).length;

if (failedStages.length > 0) console.log(`\nFailed stages: ${failedStages.join(', ')}`);
console.log(`\n${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
process.exit(failedStages.length > 0 || counts.failed > 0 ? 1 : 0);
