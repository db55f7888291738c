import { isBlockedShortcut, type KeyInput } from './keyboard';
import { createNavigationGuards, type Blocked, type NavigationEvent } from './navigation';
import type { Role } from '../core/role';

/**
 * The part of Electron's WebContents the lockdown touches. WebContents is an EventEmitter, so its
 * generic `on` satisfies these overloads; tests pass a small fake.
 */
export type Preventable = { preventDefault(): void };
export interface LockableContents {
  on(
    event: 'will-navigate' | 'will-redirect' | 'will-frame-navigate',
    listener: (event: NavigationEvent) => void,
  ): unknown;
  on(
    event: 'will-attach-webview',
    listener: (event: Preventable, webPreferences: unknown, params: { src?: string } | undefined) => void,
  ): unknown;
  on(event: 'before-input-event', listener: (event: Preventable, input: KeyInput) => void): unknown;
  on(event: 'zoom-changed', listener: () => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
  setVisualZoomLevelLimits(minimumLevel: number, maximumLevel: number): Promise<void>;
  setZoomFactor(factor: number): void;
}

export type LockdownDeps = { role: Role; onBlocked?: (blocked: Blocked) => void };

/**
 * Applied to every webContents the app creates (app 'web-contents-created'), not only the
 * kiosk window, so a contents we did not expect is locked down the same way.
 */
export function lockWebContents(contents: LockableContents, deps: LockdownDeps): void {
  const guards = createNavigationGuards(deps.onBlocked ? { onBlocked: deps.onBlocked } : {});
  // checklist #13: main-frame navigations, server redirects and subframe navigations
  contents.on('will-navigate', (event) => guards.willNavigate(event));
  contents.on('will-redirect', (event) => guards.willRedirect(event));
  contents.on('will-frame-navigate', (event) => guards.willFrameNavigate(event));
  // checklist #14 and #12
  contents.setWindowOpenHandler((details) => guards.windowOpen(details));
  contents.on('will-attach-webview', (event, _prefs, params) => guards.willAttachWebview(event, params));
  // DESIGN §6: no reload / devtools / zoom / close / print shortcuts in the kiosk role
  contents.on('before-input-event', (event, input) => {
    if (isBlockedShortcut(input, deps.role)) event.preventDefault();
  });
  if (deps.role === 'kiosk') {
    // a pinch or Ctrl+wheel zoom would push the touch targets off screen; the app has its own
    // text-size toggle for people who need larger letters
    void contents.setVisualZoomLevelLimits(1, 1).catch(() => {});
    contents.on('zoom-changed', () => contents.setZoomFactor(1));
  }
}
