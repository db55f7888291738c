/** The app is served from its own scheme, never file:// (DESIGN §6). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'kiosk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** True only for pages of the app itself; everything else is denied. */
export function isAppUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST;
  } catch {
    return false;
  }
}

/** will-navigate / will-redirect: stay inside the app. */
export const allowNavigation = (url: string): boolean => isAppUrl(url);

/** setWindowOpenHandler: a kiosk never opens another window. */
export const windowOpenDecision = (): { action: 'deny' } => ({ action: 'deny' });

/** will-attach-webview: never. */
export const allowWebview = (): boolean => false;
