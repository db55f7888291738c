import { spawnSync } from 'node:child_process';
import { postgresBinDir } from './pg-cluster';

/**
 * The Debian packages the test stages need, found by the command each provides. On a fresh
 * machine `npm test` installs them itself when it runs as root (saying so), or stops at once with
 * the one command to run — before spending minutes on the other stages.
 */
export const systemPackages = [
  { command: 'chromium', pkg: 'chromium', why: 'the e2e browser' },
  { command: 'xvfb-run', pkg: 'xvfb', why: 'a display for headed runs' },
  { command: 'espeak-ng', pkg: 'espeak-ng', why: 'offline spoken guidance' },
  // Debian keeps the server's programs off PATH, under /usr/lib/postgresql/<version>/bin
  { command: 'initdb', pkg: 'postgresql', why: "the central's suite on PostgreSQL" },
  { command: 'openssl', pkg: 'openssl', why: "a throwaway certificate for the central's HTTPS test" },
] as const;

const onPath = (command: string) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
const has = (command: string) => onPath(command) || (command === 'initdb' && postgresBinDir() !== null);

export function missingPackages(exists: (command: string) => boolean = has): string[] {
  return systemPackages.filter((p) => !exists(p.command)).map((p) => p.pkg);
}

export function installCommand(pkgs: readonly string[]): string {
  return `apt-get update && apt-get install -y ${pkgs.join(' ')}`;
}

/** True when everything is there (or was just installed). */
export function ensureSystemPackages(): boolean {
  const missing = missingPackages();
  if (missing.length === 0) return true;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    console.error(
      `Missing system packages: ${missing.join(', ')}. Install them first, as root:\n  ${installCommand(missing)}`,
    );
    return false;
  }
  console.log(`Installing missing system packages with apt: ${missing.join(', ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  const install = spawnSync('apt-get', ['install', '-y', '-qq', ...missing], { stdio: 'inherit', env });
  if (update.status !== 0 || install.status !== 0 || missingPackages().length > 0) {
    console.error(`Could not install ${missing.join(', ')}. Run as root:\n  ${installCommand(missing)}`);
    return false;
  }
  return true;
}
