import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const repoRoot = resolve(import.meta.dirname, '../..');
export const demoSeedFile = join(repoRoot, 'resources/seed/demo-seed.json');
const builtHost = join(repoRoot, 'out/host/cli.mjs');

export type HostProcess = {
  url: string;
  dataDir: string;
  /** the embedded central's address, when this host started one */
  centralUrl: string | null;
  /** the host's process id (benchmarks read its memory) */
  pid: number;
  output: () => string;
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
};

/** args: extra command-line arguments of the host, e.g. --role=supervisor */
export type HostOptions = { env?: Record<string, string>; seed?: unknown; dataDir?: string; args?: string[] };

/**
 * Starts the built host (`out/host/cli.mjs`, from `npm run build`) the way `npm run host` does,
 * on a free port with a fresh KIOSK_DATA_DIR, and resolves when it prints the ready line of DESIGN §5.
 */
export async function startHost(options: HostOptions = {}): Promise<HostProcess> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'kiosk-e2e-'));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    KIOSK_HOST_PORT: '0',
    KIOSK_DATA_DIR: dataDir,
    CENTRAL_PORT: '0',
    CENTRAL_SEED_FILE: demoSeedFile,
    ...options.env,
  };
  if (options.seed !== undefined) {
    const seedFile = join(mkdtempSync(join(tmpdir(), 'kiosk-seed-')), 'seed.json');
    writeFileSync(seedFile, JSON.stringify(options.seed));
    env.CENTRAL_SEED_FILE = seedFile;
  }
  if (!existsSync(builtHost)) throw new Error('the host is not built: run `npm run build` first');
  const child = spawn(process.execPath, [builtHost, ...(options.args ?? [])], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const ready = new Promise<{ url: string; centralUrl: string | null }>((resolveReady, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Kiosk ready at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(notReady);
        resolveReady({ url: match[1], centralUrl: /Embedded central at (http:\/\/\S+)/.exec(output)?.[1] ?? null });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`host exited (${code}) before ready:\n${output}`)));
    // a host that never got ready is killed, not left running behind the suite; a ready one is
    // left alone (the timer goes with the ready line)
    const notReady = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`host not ready after 60 s:\n${output}`));
    }, 60_000);
    notReady.unref();
  });
  const { url, centralUrl } = await ready;
  return {
    url,
    dataDir,
    centralUrl,
    pid: child.pid ?? -1,
    output: () => output,
    stop: (signal = 'SIGTERM') => stopChild(child, signal),
  };
}

function stopChild(child: ChildProcess, signal: NodeJS.Signals): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolveExit) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', (code) => {
      clearTimeout(force);
      resolveExit(code);
    });
    child.kill(signal);
  });
}
