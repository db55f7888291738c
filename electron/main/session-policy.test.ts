import { describe, expect, it } from 'vitest';
import { hardenSession, type HardenableSession } from './session-policy';

class FakeSession implements HardenableSession {
  request: ((wc: unknown, permission: string, callback: (granted: boolean) => void) => void) | null = null;
  check: (() => boolean) | null = null;
  device: (() => boolean) | null = null;
  spellChecker = true;
  downloadListener: ((event: { preventDefault(): void }) => void) | null = null;
  setPermissionRequestHandler(
    h: (wc: unknown, permission: string, callback: (granted: boolean) => void) => void,
  ): void {
    this.request = h;
  }
  setPermissionCheckHandler(h: () => boolean): void {
    this.check = h;
  }
  setDevicePermissionHandler(h: () => boolean): void {
    this.device = h;
  }
  setSpellCheckerEnabled(enable: boolean): void {
    this.spellChecker = enable;
  }
  on(_event: 'will-download', listener: (event: { preventDefault(): void }) => void): this {
    this.downloadListener = listener;
    return this;
  }
}

// every permission name Electron 45 may ask about (session.setPermissionRequestHandler docs)
const PERMISSIONS = [
  'camera',
  'microphone',
  'media',
  'geolocation',
  'notifications',
  'clipboard-read',
  'clipboard-sanitized-write',
  'midi',
  'midiSysex',
  'display-capture',
  'mediaKeySystem',
  'pointerLock',
  'keyboardLock',
  'fullscreen',
  'openExternal',
  'window-management',
  'idle-detection',
  'speaker-selection',
  'storage-access',
  'top-level-storage-access',
  'fileSystem',
  'hid',
  'serial',
  'usb',
  'unknown',
];

describe('session policy (checklist #5: permission handlers)', () => {
  it('denies every permission request, reporting each', () => {
    const session = new FakeSession();
    const log: string[] = [];
    hardenSession(session, (what) => log.push(what));
    for (const permission of PERMISSIONS) {
      let answer: boolean | undefined;
      session.request?.({}, permission, (granted) => (answer = granted));
      expect(answer, permission).toBe(false);
    }
    expect(log).toEqual(PERMISSIONS.map((p) => `permission:${p}`));
  });

  it('answers every permission and device check with no', () => {
    const session = new FakeSession();
    hardenSession(session);
    expect(session.check?.()).toBe(false);
    expect(session.device?.()).toBe(false);
  });

  it('cancels downloads and turns the spell checker off', () => {
    const session = new FakeSession();
    const log: string[] = [];
    hardenSession(session, (what) => log.push(what));
    let prevented = false;
    session.downloadListener?.({ preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    expect(log).toEqual(['download']);
    expect(session.spellChecker).toBe(false);
  });
});
