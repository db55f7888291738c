import type { BrowserWindowConstructorOptions } from 'electron';
import type { Role } from '../core/role';

/** Whatever builds a window from options: Electron's BrowserWindow, or a recorder in tests. */
export type WindowConstructor<W> = new (options: BrowserWindowConstructorOptions) => W;

/**
 * Builds the one kiosk window. DESIGN §6 and the Electron security checklist: #2 no Node in the
 * page, #3 context isolation, #4 sandbox, #6 web security on, #8 no insecure content, #9 no
 * experimental features, #10 no Blink features enabled (the key is absent: even '' is flagged) and Auxclick off, so a middle click cannot ask
 * for a new window). The kiosk role is fullscreen with no frame or menu to leave by.
 *
 * The options are an object literal *inside* `new BrowserWindow(…)` on purpose: electronegativity
 * only reads literals at the constructor call, so this is what it checks (no allow-list entry
 * needed), and the unit tests check the very same object through a recording constructor.
 */
export function createKioskWindow<W>(
  { BrowserWindow }: { BrowserWindow: WindowConstructor<W> },
  role: Role,
  preloadPath: string,
): W {
  const locked = role === 'kiosk';
  return new BrowserWindow({
    show: false,
    kiosk: locked,
    fullscreen: locked,
    frame: !locked,
    autoHideMenuBar: true,
    width: 1080,
    height: 1920,
    backgroundColor: '#f4f6fb',
    title: 'IESS — Clave',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      disableBlinkFeatures: 'Auxclick',
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: !locked,
      safeDialogs: true,
    },
  });
}

/** The options createKioskWindow passes, without Electron (tests, docs). */
export function windowOptions(role: Role, preloadPath: string): BrowserWindowConstructorOptions {
  class Recorder {
    constructor(readonly options: BrowserWindowConstructorOptions) {}
  }
  return createKioskWindow({ BrowserWindow: Recorder }, role, preloadPath).options;
}
