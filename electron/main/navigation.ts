/** The app is served from its own scheme, never file:// (DESIGN §6, checklist #18). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'kiosk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** True only for pages of the app itself; everything else is denied. */
export function isAppUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST && url.username === '' && url.password === '';
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

/** What Electron hands a navigation listener: the target and a way to refuse it. */
export type NavigationEvent = { url: string; preventDefault(): void };
export type BlockedKind = 'navigate' | 'redirect' | 'frame-navigate' | 'window-open' | 'webview';
/** Only the scheme and host of a refused URL are reported: a typed URL may hold personal data. */
export type Blocked = { kind: BlockedKind; target: string };

export type NavigationGuards = {
  willNavigate(event: NavigationEvent): void;
  willRedirect(event: NavigationEvent): void;
  willFrameNavigate(event: NavigationEvent): void;
  windowOpen(details: { url: string }): { action: 'deny' };
  willAttachWebview(event: { preventDefault(): void }, params?: { src?: string }): void;
};

export function describeTarget(raw: string): string {
  try {
    const url = new URL(raw);
    return url.host ? `${url.protocol}//${url.host}` : url.protocol;
  } catch {
    return 'invalid-url';
  }
}

/**
 * Checklist #13 (limit navigation), #14 (limit new windows), #12 (no webview): every way out of
 * the app is refused, and each refusal is reported so the audit log shows escape attempts.
 */
export function createNavigationGuards(deps: { onBlocked?: (blocked: Blocked) => void } = {}): NavigationGuards {
  const report = (kind: BlockedKind, url: string) => deps.onBlocked?.({ kind, target: describeTarget(url) });
  const guard = (kind: BlockedKind) => (event: NavigationEvent) => {
    if (allowNavigation(event.url)) return;
    event.preventDefault();
    report(kind, event.url);
  };
  return {
    willNavigate: guard('navigate'),
    willRedirect: guard('redirect'),
    willFrameNavigate: guard('frame-navigate'),
    windowOpen(details) {
      report('window-open', details.url);
      return windowOpenDecision();
    },
    willAttachWebview(event, params) {
      if (allowWebview()) return;
      event.preventDefault();
      report('webview', params?.src ?? '');
    },
  };
}
