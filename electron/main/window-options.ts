import type { BrowserWindowConstructorOptions } from 'electron';
import type { Role } from './roles';

/**
 * DESIGN §6 and the Electron security checklist: isolation, sandbox, no Node in the page, web
 * security on, nothing experimental. The kiosk role is fullscreen with no frame to leave by.
 */
export function windowOptions(role: Role, preloadPath: string): BrowserWindowConstructorOptions {
  const locked = role === 'kiosk';
  return {
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
      enableBlinkFeatures: '',
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: !locked,
      safeDialogs: true,
    },
  };
}
