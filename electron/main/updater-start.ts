import electronUpdater from 'electron-updater';
import { FEED_PUBLIC_KEY_PEM } from '../core/update/feed-public-key';
import type { KioskFacts, PolicySettings, UpdateState } from '../core/update/policy';
import { configureUpdater, createUpdateDriver, setUpdateChannel, type UpdateDriver } from './updater';

/**
 * The only place that touches electron-updater's `autoUpdater` singleton, which needs Electron
 * (reading it under plain Node throws). Import this from main's composition only.
 */

export const UPDATE_TICK_MS = 60_000;

export type KioskUpdatesDeps = {
  /** UPDATE_URL: the generic update folder. */
  feedUrl: string;
  kioskId: string;
  /** Whether a person's session runs, when the screen was last touched, the local clock. */
  facts: () => KioskFacts;
  settings: () => PolicySettings;
  /** the release channel (a technician may change it while the kiosk runs) */
  channel: () => string;
  log: (event: string, fields?: Record<string, string | number | boolean>) => void;
  onState?: (state: UpdateState) => void;
};

export function startKioskUpdates(deps: KioskUpdatesDeps): {
  driver: UpdateDriver;
  tick: () => void;
  stop: () => void;
} {
  const { autoUpdater } = electronUpdater;
  configureUpdater(autoUpdater, {
    feedUrl: deps.feedUrl,
    kioskId: deps.kioskId,
    feedPublicKeyPem: FEED_PUBLIC_KEY_PEM,
  });
  autoUpdater.logger = {
    info: (message?: unknown) => deps.log('update.info', { message: String(message) }),
    warn: (message?: unknown) => deps.log('update.warn', { message: String(message) }),
    error: (message?: unknown) => deps.log('update.error', { message: String(message) }),
  };
  const driver = createUpdateDriver({
    updater: autoUpdater,
    facts: deps.facts,
    settings: deps.settings,
    onState: (state) => {
      deps.log('update.state', {
        phase: state.phase.kind,
        paused: state.paused,
        failure: state.lastFailure?.error ?? '',
      });
      deps.onState?.(state);
    },
  });
  let channel = '';
  const tick = () => {
    // a channel set on the technician screen is taken before the next check (allowDowngrade stays off)
    if (deps.channel() !== channel) {
      channel = deps.channel();
      setUpdateChannel(autoUpdater, channel);
    }
    void driver.tick();
  };
  const timer = setInterval(tick, UPDATE_TICK_MS);
  tick();
  return { driver, tick, stop: () => clearInterval(timer) };
}
