import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './host';

export type CentralProcess = {
  url: string;
  /** CENTRAL_DATA_DIR: `central.db` is there for a test to read (or age a row in) */
  dataDir: string;
  stop: () => Promise<void>;
};

/**
 * `npm run central` on its own (DESIGN §5), with its data in a folder the test can open: the
 * central a fleet of kiosks enrolls at with CENTRAL_URL and KIOSK_ENROLL_CODE. `seed` is written
 * to a file in that folder; `env` adds SMTP_URL, SMS_URL and the like.
 */
export async function startCentralProcess(options: {
  enrollCode: string;
  seed: { file: string } | { value: unknown };
  env?: Record<string, string>;
}): Promise<CentralProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'central-e2e-'));
  let seedFile: string;
  if ('file' in options.seed) seedFile = options.seed.file;
  else {
    seedFile = join(dataDir, 'seed.json');
    writeFileSync(seedFile, JSON.stringify(options.seed.value));
  }
  const child: ChildProcess = spawn(
    process.execPath,
    [join(repoRoot, 'node_modules/tsx/dist/cli.mjs'), 'central/cli.ts'],
    {
      cwd: repoRoot,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        CENTRAL_PORT: '0',
        CENTRAL_ENROLL_CODE: options.enrollCode,
        CENTRAL_DATA_DIR: dataDir,
        CENTRAL_SEED_FILE: seedFile,
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Central ready at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(notReady);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`central exited (${code}):\n${output}`)));
    const notReady = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`central not ready:\n${output}`));
    }, 60_000);
    notReady.unref();
  });
  return {
    url,
    dataDir,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(force);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}
