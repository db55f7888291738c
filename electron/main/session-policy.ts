import { createPermissionCheckHandler, createPermissionRequestHandler } from './permissions';

/** The part of Electron's Session the kiosk policy sets (a fake in tests). */
export interface HardenableSession {
  setPermissionRequestHandler(
    handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void) => void,
  ): void;
  setPermissionCheckHandler(handler: () => boolean): void;
  setDevicePermissionHandler(handler: () => boolean): void;
  setSpellCheckerEnabled(enable: boolean): void;
  on(event: 'will-download', listener: (event: { preventDefault(): void }) => void): unknown;
}

/**
 * Checklist #5 (handle permission requests): the kiosk needs no camera, microphone, location,
 * notifications, clipboard, MIDI, HID/USB/serial device, so every request and check is denied.
 * Downloads are cancelled (nothing may land on the kiosk's disk from a page) and the spell
 * checker is off (it would fetch dictionaries from a remote server).
 */
export function hardenSession(session: HardenableSession, log: (what: string) => void = () => {}): void {
  session.setPermissionRequestHandler(createPermissionRequestHandler((permission) => log(`permission:${permission}`)));
  session.setPermissionCheckHandler(createPermissionCheckHandler());
  session.setDevicePermissionHandler(() => false);
  session.setSpellCheckerEnabled(false);
  session.on('will-download', (event) => {
    event.preventDefault();
    log('download');
  });
}
