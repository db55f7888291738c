import type { AppInfo, SetupNotice } from '../contract/calls';
import { invalidConfigNotice, packagedConfigProblem, readConfig, type KioskConfig } from '../core/config';
import type { KeySealer } from '../core/identity/sealer';
import { APP_VERSION } from '../core/kiosk';
import type { Role } from '../core/role';
import { chooseKeySealer, type SafeStorageLike } from './key-sealer';

export type StartContext = {
  /** Electron's app.isPackaged: true for an installed build, false when run from the sources */
  isPackaged: boolean;
  platform: NodeJS.Platform;
  safeStorage: SafeStorageLike;
  role: Role;
};

/** What the screen shows while a technician is needed; no flow, no database, no central. */
export type SetupScreenInfo = Omit<AppInfo, 'setup' | 'centralReachable'>;

export type StartDecision =
  | { kind: 'boot'; config: KioskConfig; keySealer: KeySealer; notes: string[] }
  | { kind: 'setup'; notice: SetupNotice; info: SetupScreenInfo; details: string[] }
  | { kind: 'exit'; code: 2; details: string[] };

/**
 * How the Electron kiosk starts, decided from the environment before anything is opened.
 * A packaged build that is not safe to serve people (no https central, no OS keystore, a bad
 * variable) does not boot the core: it shows the technician what to fix and serves no flow.
 * A build from the sources keeps the demo defaults (embedded central) and, with a bad
 * variable, exits as the web host does.
 */
export function decideStart(env: Record<string, string | undefined>, context: StartContext): StartDecision {
  const read = readConfig(env);
  const screenInfo = (config: KioskConfig): SetupScreenInfo => ({
    kioskId: config.kioskId,
    officeName: config.officeName,
    version: APP_VERSION,
    locale: config.locale,
    idleWarnSeconds: config.idleWarnSeconds,
    idleResetSeconds: config.idleResetSeconds,
    role: context.role,
  });
  if (!read.ok) {
    if (!context.isPackaged) return { kind: 'exit', code: 2, details: read.problems };
    const defaults = readConfig({});
    if (!defaults.ok) throw new Error('the default configuration is invalid');
    return {
      kind: 'setup',
      notice: invalidConfigNotice(read.problems),
      info: screenInfo(defaults.config),
      details: read.problems,
    };
  }
  const config = read.config;
  const unsafe = packagedConfigProblem(config, context.isPackaged);
  if (unsafe) return { kind: 'setup', notice: unsafe, info: screenInfo(config), details: [] };
  const sealer = chooseKeySealer(context.safeStorage, { platform: context.platform, isPackaged: context.isPackaged });
  if (!sealer.ok)
    return {
      kind: 'setup',
      notice: { problem: 'keystore_unavailable', variables: [] },
      info: screenInfo(config),
      details: [sealer.detail],
    };
  return { kind: 'boot', config, keySealer: sealer.sealer, notes: sealer.note ? [sealer.note] : [] };
}
