import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { app, BrowserWindow, ipcMain, Menu, net, protocol, safeStorage, session, type WebContents } from 'electron';
import { startCentral } from '../../central/server/embedded';
import { bootKiosk, type KioskRuntime } from '../core/boot';
import type { UpdateControl } from '../core/technician/updates';
import { DEFAULT_CHECK_INTERVAL_MS } from '../core/update/policy';
import type { Log } from '../core/log';
import { setupOnlyCore, technicianLine } from '../core/setup';
import { APP_SCHEME_PRIVILEGES, createAppProtocolHandler } from './app-protocol';
import { lockWebContents } from './contents-lockdown';
import { createCrashPolicy, relaunchArgs, relaunchAttemptFromArgv, type CrashDecision } from './crash-policy';
import { initializeKioskIpc } from './ipc';
import { APP_ENTRY_URL, APP_SCHEME, type Blocked } from './navigation';
import { roleFromArgv } from '../core/role';
import { hardenSession } from './session-policy';
import { decideStart } from './start-decision';
import { createKioskWindow } from './window-options';
import { parseMaintenanceWindow, updateControlOf } from './update-control';
import { startKioskUpdates } from './updater-start';

// Electron shell only: everything the kiosk does lives in electron/core (DESIGN §3). The
// decisions below are pure factories tested without Electron (guards.test.ts and friends);
// this file only wires them to Electron objects.

const role = roleFromArgv(process.argv);
const rendererDir = join(import.meta.dirname, '../renderer');
const preloadPath = join(import.meta.dirname, '../preload/index.cjs');

function main(): void {
  // DESIGN §6: single instance; a second launch focuses the first and exits at once
  if (!app.requestSingleInstanceLock()) {
    app.exit(0);
    return;
  }
  // checklist #4: sandbox every renderer, including any we did not create ourselves
  app.enableSandbox();
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }]);

  // until the core's file log exists (boot), refusals go to stdout
  let log: Log = (event, fields) => console.log(event, fields ?? {});
  const onBlocked = (blocked: Blocked) => log('electron.blocked', blocked);
  // checklist #13/#14/#12 for every webContents, created by us or not
  app.on('web-contents-created', (_event, contents) => lockWebContents(contents, { role, onBlocked }));
  app.on('window-all-closed', () => app.quit());

  void app.whenReady().then(async () => {
    // safeStorage is usable only once the app is ready
    const decision = decideStart(process.env, {
      isPackaged: app.isPackaged,
      platform: process.platform,
      safeStorage,
      role,
    });
    if (decision.kind === 'exit') {
      console.error(decision.details.join('\n'));
      app.exit(decision.code);
      return;
    }
    Menu.setApplicationMenu(null);
    protocol.handle(
      APP_SCHEME,
      createAppProtocolHandler({ rendererDir, fileExists: existsSync, fetchFile: (url) => net.fetch(url) }),
    );
    hardenSession(session.defaultSession, (what) => log('electron.session_refused', { what }));

    // a packaged build that is not safe to serve people boots nothing: the screen tells the
    // technician what to fix (the same line goes to stderr) and no flow is served
    let runtime: Pick<KioskRuntime, 'core' | 'log' | 'warmUp' | 'close'>;
    let updates: ReturnType<typeof startKioskUpdates> | null = null;
    if (decision.kind === 'setup') {
      console.error(technicianLine(decision.notice));
      for (const detail of decision.details) console.error(`  ${detail}`);
      runtime = {
        core: setupOnlyCore(decision.info, decision.notice),
        log,
        warmUp: () => undefined,
        close: async () => {},
      };
    } else {
      for (const note of decision.notes) console.error(note);
      const startConfig = decision.config;
      // updates (DESIGN §6): only with UPDATE_URL; the policy reads the core's facts once it runs,
      // and until then counts a session as running, so nothing installs before the core can say
      let booted: KioskRuntime | null = null;
      updates = startConfig.updateUrl
        ? startKioskUpdates({
            feedUrl: startConfig.updateUrl,
            kioskId: startConfig.kioskId,
            facts: () => {
              const clock = new Date();
              // until the core runs, a session counts as running: nothing installs before the core can say
              const activity = booted ? booted.activity() : { sessionActive: true, lastActivityAt: Date.now() };
              return { now: clock.getTime(), localMinute: clock.getHours() * 60 + clock.getMinutes(), ...activity };
            },
            settings: () => ({
              checkIntervalMs: DEFAULT_CHECK_INTERVAL_MS,
              maintenanceWindow: parseMaintenanceWindow((booted?.config ?? startConfig).maintenanceWindow),
            }),
            channel: () => (booted?.config ?? startConfig).updateChannel,
            log: (event, fields) => log(event, fields),
          })
        : null;
      const updateControl: UpdateControl | undefined = updates
        ? updateControlOf(updates.driver, updates.tick)
        : undefined;
      booted = await bootKiosk(startConfig, startCentral, {
        role,
        keySealer: decision.keySealer,
        onSetupNotice: (notice) => {
          if (notice) console.error(technicianLine(notice));
        },
        shell: {
          updates: updateControl,
          versions: { electron: process.versions.electron ?? '', chrome: process.versions.chrome ?? '' },
        },
      });
      runtime = booted;
    }
    log = runtime.log;
    const ipc = initializeKioskIpc(ipcMain, runtime.core, (code, senderId) =>
      log('electron.ipc_refused', { code, senderId: senderId ?? -1 }),
    );
    const crashes = createCrashPolicy({ now: Date.now, previousRelaunches: relaunchAttemptFromArgv(process.argv) });

    const relaunch = (decision: Extract<CrashDecision, { action: 'relaunch' }>) => {
      log('electron.relaunch', { attempt: decision.attempt, delayMs: decision.delayMs });
      setTimeout(() => {
        app.relaunch({ args: relaunchArgs(process.argv, decision.attempt) });
        // exit, not quit: a crashed renderer may not answer beforeunload; the core closes in before-quit
        void runtime.close().finally(() => app.exit(0));
      }, decision.delayMs);
    };

    const resetAndReload = async (contents: WebContents) => {
      // nothing of the person may survive the crash: core session, then renderer storage
      await ipc.resetSession(contents);
      await session.defaultSession.clearStorageData();
      if (!contents.isDestroyed()) await contents.loadURL(APP_ENTRY_URL);
    };

    const win = createKioskWindow({ BrowserWindow }, role, preloadPath);
    const contents = win.webContents;
    ipc.attach(contents);
    contents.on('render-process-gone', (_event, details) => {
      log('electron.renderer_gone', { reason: details.reason, exitCode: details.exitCode });
      const decision = crashes.onRendererGone(details);
      if (decision.action === 'relaunch') relaunch(decision);
      else
        void resetAndReload(contents).catch((error: unknown) =>
          log('electron.reload_failed', { error: String(error) }),
        );
    });
    app.on('child-process-gone', (_event, details) => {
      if (details.type !== 'GPU') return;
      log('electron.gpu_gone', { reason: details.reason });
      const decision = crashes.onGpuGone(details);
      if (decision?.action === 'relaunch') relaunch(decision);
    });
    app.on('second-instance', () => {
      if (win.isDestroyed()) return;
      if (win.isMinimized()) win.restore();
      win.focus();
    });
    app.on('before-quit', () => {
      updates?.stop();
      void runtime.close();
    });
    win.once('ready-to-show', () => win.show());
    // the seed import waits for the first paint, but not on its success: a failed load must not leave
    // the central without its seed for every later reload
    try {
      await win.loadURL(APP_ENTRY_URL);
    } finally {
      runtime.warmUp();
    }
  });
}

main();
