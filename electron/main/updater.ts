import type { AppUpdater, UpdateInfo } from 'electron-updater';
import { isKioskWithinRollout } from '../core/update/rollout';
import {
  initialUpdateState,
  nextAction,
  reduce,
  requestCheck,
  requestInstall,
  type KioskFacts,
  type PolicySettings,
  type TechnicianAnswer,
  type UpdateEvent,
  type UpdateState,
} from '../core/update/policy';
import { SignedFeedProvider, type SignedFeedOptions } from './signed-feed-provider';

/**
 * The kiosk's use of electron-updater. Nothing here imports `electron`: the caller hands in the
 * updater (electron-updater's `autoUpdater` in the app, its AppImageUpdater in tests), so only
 * main's composition touches the Electron-bound singleton.
 */

export type UpdaterSettings = { feedUrl: string; kioskId: string; feedPublicKeyPem: string };

export function configureUpdater(updater: AppUpdater, settings: UpdaterSettings): void {
  // the policy decides when to download and install; electron-updater must not do it on its own
  updater.autoDownload = false;
  updater.autoInstallOnAppQuit = false;
  const feed: SignedFeedOptions = {
    provider: 'custom',
    updateProvider: SignedFeedProvider,
    url: settings.feedUrl,
    feedPublicKeyPem: settings.feedPublicKeyPem,
  };
  updater.setFeedURL(feed);
  updater.isUserWithinRollout = (info: UpdateInfo) => isKioskWithinRollout(settings.kioskId, info.stagingPercentage);
  // a signed old release must not be installable over a newer one (a replayed feed)
  updater.allowDowngrade = false;
}

/** electron-updater turns allowDowngrade on whenever a channel is set: set it back at once. */
export function setUpdateChannel(updater: AppUpdater, channel: string): void {
  updater.channel = channel;
  updater.allowDowngrade = false;
}

/** The part of electron-updater the driver uses. */
export type UpdaterPort = {
  checkForUpdates(): Promise<{ isUpdateAvailable: boolean; updateInfo: { version: string } } | null>;
  downloadUpdate(): Promise<unknown>;
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
  on(event: 'error', listener: (error: Error) => void): unknown;
  off(event: 'error', listener: (error: Error) => void): unknown;
};

export type UpdateDriver = {
  /** Runs what the policy says now; call it on a timer and whenever a session ends. */
  tick(): Promise<void>;
  checkNow(): TechnicianAnswer;
  installNow(): TechnicianAnswer;
  pause(): void;
  resume(): void;
  state(): UpdateState;
};

export type UpdateDriverDeps = {
  updater: UpdaterPort;
  facts: () => KioskFacts;
  settings: () => PolicySettings;
  onState?: (state: UpdateState) => void;
};

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function createUpdateDriver({ updater, facts, settings, onState }: UpdateDriverDeps): UpdateDriver {
  let state = initialUpdateState();
  let running = false;
  const emit = (event: UpdateEvent) => {
    state = reduce(state, event);
    onState?.(state);
  };

  const install = (version: string) => {
    emit({ type: 'install-started', version });
    // electron-updater reports a failed install through its 'error' event, synchronously, and
    // then returns without quitting; on success the app quits and this process ends
    let failure: Error | null = null;
    const listener = (error: Error) => {
      failure = error;
    };
    updater.on('error', listener);
    try {
      updater.quitAndInstall(true, true);
    } catch (error) {
      failure = error instanceof Error ? error : new Error(String(error));
    } finally {
      updater.off('error', listener);
    }
    if (failure) emit({ type: 'failed', step: 'install', error: message(failure), at: facts().now });
  };

  const tick = async () => {
    // one step at a time: a slow download and the next timer tick must not race
    if (running) return;
    running = true;
    try {
      const action = nextAction(state, facts(), settings());
      if (action.do === 'check') {
        emit({ type: 'check-started', at: facts().now });
        try {
          const result = await updater.checkForUpdates();
          emit(
            result?.isUpdateAvailable
              ? { type: 'check-found', version: result.updateInfo.version }
              : { type: 'check-found-nothing' },
          );
        } catch (error) {
          emit({ type: 'failed', step: 'check', error: message(error), at: facts().now });
        }
      } else if (action.do === 'download') {
        emit({ type: 'download-started', version: action.version });
        try {
          await updater.downloadUpdate();
          emit({ type: 'download-finished', version: action.version });
        } catch (error) {
          emit({ type: 'failed', step: 'download', error: message(error), at: facts().now });
        }
      } else if (action.do === 'install') {
        install(action.version);
      }
    } finally {
      running = false;
    }
  };

  const answer = (result: TechnicianAnswer) => {
    if (result.ok) {
      state = result.state;
      onState?.(state);
    }
    return result;
  };

  return {
    tick,
    checkNow: () => answer(requestCheck(state)),
    installNow: () => answer(requestInstall(state, facts())),
    pause: () => emit({ type: 'pause' }),
    resume: () => emit({ type: 'resume' }),
    state: () => state,
  };
}
