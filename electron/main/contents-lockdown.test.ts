import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { lockWebContents, type LockableContents } from './contents-lockdown';
import type { KeyInput } from './keyboard';
import type { Blocked } from './navigation';
import type { Role } from '../core/role';

/** A webContents stand-in: an EventEmitter plus the setters the lockdown calls. */
class FakeContents extends EventEmitter implements LockableContents {
  openHandler: ((details: { url: string }) => { action: 'deny' }) | null = null;
  zoomLimits: [number, number] | null = null;
  zoomFactor = 1.5;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void {
    this.openHandler = handler;
  }
  async setVisualZoomLevelLimits(min: number, max: number): Promise<void> {
    this.zoomLimits = [min, max];
  }
  setZoomFactor(factor: number): void {
    this.zoomFactor = factor;
  }
}

class FakeEvent {
  prevented = false;
  constructor(readonly url = '') {}
  preventDefault(): void {
    this.prevented = true;
  }
}

function locked(role: Role = 'kiosk') {
  const contents = new FakeContents();
  const blocked: Blocked[] = [];
  lockWebContents(contents, { role, onBlocked: (b) => blocked.push(b) });
  return { contents, blocked };
}

const ESCAPES = [
  'https://example.com/',
  'http://127.0.0.1:5173/',
  'file:///etc/passwd',
  'file:///C:/Windows/System32/cmd.exe',
  'javascript:alert(document.domain)',
  'data:text/html,<script>alert(1)</script>',
  'blob:app://kiosk/0b1c',
  'app://other/index.html',
  'app://evil@kiosk/index.html',
  'chrome://gpu',
  'devtools://devtools/bundled/inspector.html',
  'view-source:app://kiosk/index.html',
  'about:blank',
];

describe('navigation through a locked webContents', () => {
  for (const channel of ['will-navigate', 'will-redirect', 'will-frame-navigate'] as const) {
    it.each(ESCAPES)(`${channel} to %s is prevented and reported without the path`, (url) => {
      const { contents, blocked } = locked();
      const event = new FakeEvent(url);
      contents.emit(channel, event, url);
      expect(event.prevented).toBe(true);
      expect(blocked).toHaveLength(1);
      expect(blocked[0]?.kind).toBe(channel.replace('will-', ''));
      // the report keeps scheme and host only: a typed URL could carry a cédula
      expect(blocked[0]?.target).not.toContain('passwd');
      expect(blocked[0]?.target).not.toContain('alert');
    });

    it(`${channel} inside the app goes ahead`, () => {
      const { contents, blocked } = locked();
      const event = new FakeEvent('app://kiosk/index.html#/step/2');
      contents.emit(channel, event, event.url);
      expect(event.prevented).toBe(false);
      expect(blocked).toEqual([]);
    });
  }

  it('denies window.open for every target, even the app itself', () => {
    const { contents, blocked } = locked('technician');
    for (const url of [
      'https://example.com/',
      'app://kiosk/index.html',
      'file:///etc/passwd',
      'javascript:void 0',
      '',
    ]) {
      expect(contents.openHandler?.({ url })).toEqual({ action: 'deny' });
    }
    expect(blocked.map((b) => b.kind)).toEqual([
      'window-open',
      'window-open',
      'window-open',
      'window-open',
      'window-open',
    ]);
  });

  it('prevents attaching a webview, whatever its src', () => {
    const { contents, blocked } = locked();
    for (const src of ['https://example.com/', 'app://kiosk/index.html']) {
      const event = new FakeEvent();
      contents.emit('will-attach-webview', event, { nodeIntegration: true }, { src });
      expect(event.prevented).toBe(true);
    }
    expect(blocked).toEqual([
      { kind: 'webview', target: 'https://example.com' },
      { kind: 'webview', target: 'app://kiosk' },
    ]);
  });
});

describe('keyboard and zoom through a locked webContents', () => {
  const press = (contents: FakeContents, input: Partial<KeyInput> & { key: string }) => {
    const event = new FakeEvent();
    contents.emit('before-input-event', event, {
      type: 'keyDown',
      control: false,
      meta: false,
      alt: false,
      shift: false,
      ...input,
    });
    return event.prevented;
  };

  it('drops the kiosk escape shortcuts and lets typing through', () => {
    const { contents } = locked();
    expect(press(contents, { key: 'F5' })).toBe(true);
    expect(press(contents, { key: 'I', control: true, shift: true })).toBe(true);
    expect(press(contents, { key: 'F4', alt: true })).toBe(true);
    expect(press(contents, { key: '+', control: true })).toBe(true);
    expect(press(contents, { key: '7' })).toBe(false);
    expect(press(contents, { key: 'ñ' })).toBe(false);
  });

  it('leaves the staff roles their keyboard and zoom', () => {
    const { contents } = locked('supervisor');
    expect(press(contents, { key: 'F5' })).toBe(false);
    expect(contents.zoomLimits).toBeNull();
    contents.emit('zoom-changed', new FakeEvent(), 'in');
    expect(contents.zoomFactor).toBe(1.5);
  });

  it('pins pinch zoom and puts any zoom change back to 100 % in the kiosk role', () => {
    const { contents } = locked();
    expect(contents.zoomLimits).toEqual([1, 1]);
    contents.emit('zoom-changed', new FakeEvent(), 'in');
    expect(contents.zoomFactor).toBe(1);
  });
});
