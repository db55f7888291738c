import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StaffRole } from '../../domain/vocabulary';
import { resolveAppFile } from './app-protocol';
import { checkSenderOrigin } from './ipc-origin';
import { isBlockedShortcut, type KeyInput } from './keyboard';
import { allowNavigation, allowWebview, windowOpenDecision } from './navigation';
import { createPermissionCheckHandler, createPermissionRequestHandler } from './permissions';
import { roleFromArgv } from '../core/role';
import { createKioskWindow, windowOptions } from './window-options';

describe('window options (DESIGN §6)', () => {
  it('lock the kiosk role down with isolation, sandbox and no Node', () => {
    const o = windowOptions('kiosk', '/app/preload/index.cjs');
    expect(o).toMatchObject({ kiosk: true, fullscreen: true, frame: false, autoHideMenuBar: true });
    expect(o.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      devTools: false,
      preload: '/app/preload/index.cjs',
    });
    expect(o.webPreferences).not.toHaveProperty('enableBlinkFeatures');
    // a middle click must not even ask for a new window (electronegativity AUXCLICK_JS_CHECK)
    expect(o.webPreferences?.disableBlinkFeatures).toBe('Auxclick');
    expect(o.webPreferences?.navigateOnDragDrop).toBe(false);
  });

  it('are what createKioskWindow hands the BrowserWindow constructor, every time', () => {
    const seen: unknown[] = [];
    class FakeWindow {
      constructor(options: unknown) {
        seen.push(options);
      }
    }
    const win = createKioskWindow({ BrowserWindow: FakeWindow }, 'kiosk', '/p.cjs');
    expect(win).toBeInstanceOf(FakeWindow);
    expect(seen).toEqual([windowOptions('kiosk', '/p.cjs')]);
  });

  it('keep the same web preferences for staff roles, windowed and with devtools', () => {
    for (const role of StaffRole.options) {
      const o = windowOptions(role, 'p');
      expect(o.kiosk).toBe(false);
      expect(o.webPreferences).toMatchObject({
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webSecurity: true,
        devTools: true,
      });
    }
  });

  it('read the role from argv, defaulting to the locked kiosk', () => {
    expect(roleFromArgv(['electron', '.'])).toBe('kiosk');
    expect(roleFromArgv(['--role=technician'])).toBe('technician');
    expect(roleFromArgv(['--role=supervisor'])).toBe('supervisor');
    expect(roleFromArgv(['--role=root'])).toBe('kiosk');
  });
});

describe('navigation guards', () => {
  it('allow only pages of the app', () => {
    expect(allowNavigation('app://kiosk/index.html')).toBe(true);
    for (const url of [
      'https://example.com/',
      'http://127.0.0.1:5173/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'data:text/html,<h1>x</h1>',
      'app://other/index.html',
      'not a url',
      'chrome://settings',
      'devtools://devtools/bundled/inspector.html',
    ]) {
      expect(allowNavigation(url), url).toBe(false);
    }
  });

  it('deny every new window and webview', () => {
    expect(windowOpenDecision()).toEqual({ action: 'deny' });
    expect(allowWebview()).toBe(false);
  });

  it('never allow a URL outside the app, whatever it is', () => {
    fc.assert(fc.property(fc.webUrl(), (url) => !allowNavigation(url)));
  });
});

describe('permission handlers', () => {
  it('deny every permission request and check', () => {
    const asked: string[] = [];
    const request = createPermissionRequestHandler((p) => asked.push(p));
    const permissions = [
      'media',
      'camera',
      'microphone',
      'geolocation',
      'notifications',
      'clipboard-read',
      'midi',
      'midiSysex',
      'fullscreen',
      'openExternal',
    ];
    for (const permission of permissions) {
      let granted: boolean | undefined;
      request(null, permission, (g) => (granted = g));
      expect(granted, permission).toBe(false);
    }
    expect(asked).toEqual(permissions);
    expect(createPermissionCheckHandler()()).toBe(false);
  });
});

describe('kiosk keyboard filter', () => {
  const key = (k: string, mods: Partial<KeyInput> = {}): KeyInput => ({
    type: 'keyDown',
    key: k,
    control: false,
    meta: false,
    alt: false,
    shift: false,
    ...mods,
  });
  const blocked: Array<[string, KeyInput]> = [
    ['Ctrl+R', key('r', { control: true })],
    ['F5', key('F5')],
    ['Ctrl+Shift+I', key('I', { control: true, shift: true })],
    ['F12', key('F12')],
    ['Ctrl+W', key('w', { control: true })],
    ['Alt+F4', key('F4', { alt: true })],
    ['Ctrl+P', key('p', { control: true })],
    ['Ctrl+U', key('u', { control: true })],
    ['Ctrl+N', key('n', { control: true })],
    ['Ctrl++', key('+', { control: true })],
    ['Ctrl+=', key('=', { control: true })],
    ['Ctrl+-', key('-', { control: true })],
    ['Ctrl+0', key('0', { control: true })],
    ['Cmd+Q', key('q', { meta: true })],
    ['Ctrl+Shift+R', key('R', { control: true, shift: true })],
    ['Ctrl+Shift+J', key('J', { control: true, shift: true })],
    ['Ctrl+Shift+C', key('C', { control: true, shift: true })],
    ['Ctrl+Shift+Delete', key('Delete', { control: true, shift: true })],
    ['Ctrl+T', key('t', { control: true })],
    ['Ctrl+Tab', key('Tab', { control: true })],
    ['Ctrl+numpad +', key('Add', { control: true, code: 'NumpadAdd' })],
    ['Ctrl+numpad -', key('Subtract', { control: true, code: 'NumpadSubtract' })],
    ['Ctrl + on a layout that reports the Equal code', key('¿', { control: true, code: 'Equal' })],
    ['F11', key('F11')],
    ['F7 caret browsing', key('F7')],
    ['Alt+Left (history back)', key('ArrowLeft', { alt: true })],
    ['BrowserRefresh key', key('BrowserRefresh')],
    ['F5 as rawKeyDown', { ...key('F5'), type: 'rawKeyDown' }],
  ];
  it.each(blocked)('drops %s in the kiosk role', (_name, input) => {
    expect(isBlockedShortcut(input, 'kiosk')).toBe(true);
    expect(isBlockedShortcut(input, 'technician')).toBe(false);
  });

  it('lets ordinary typing through', () => {
    for (const k of ['a', 'Ñ', '1', '@', '.', 'Backspace', 'Enter', 'Tab', ' '])
      expect(isBlockedShortcut(key(k), 'kiosk'), k).toBe(false);
    expect(isBlockedShortcut(key('A', { shift: true }), 'kiosk')).toBe(false);
    expect(isBlockedShortcut({ ...key('r', { control: true }), type: 'keyUp' }, 'kiosk')).toBe(false);
    // editing shortcuts the on-screen and physical keyboards need
    for (const k of ['a', 'c', 'v', 'x', 'z', 'Backspace', 'ArrowLeft'])
      expect(isBlockedShortcut(key(k, { control: true }), 'kiosk'), `Ctrl+${k}`).toBe(false);
    expect(isBlockedShortcut(key('ArrowLeft'), 'kiosk')).toBe(false);
  });
});

describe('IPC sender check', () => {
  it('accepts only the app main frame', () => {
    expect(checkSenderOrigin('app://kiosk/index.html', true)).toBeNull();
    expect(checkSenderOrigin('app://kiosk/index.html', false)).toEqual({
      ok: false,
      error: { code: 'forbidden_origin' },
    });
    expect(checkSenderOrigin('https://evil.example/', true)).toEqual({
      ok: false,
      error: { code: 'forbidden_origin' },
    });
    expect(checkSenderOrigin('file:///tmp/x.html', true)?.ok).toBe(false);
    expect(checkSenderOrigin(undefined, true)?.ok).toBe(false);
  });
});

describe('app:// protocol', () => {
  it('maps to files of the renderer and refuses to escape it', () => {
    expect(resolveAppFile('/app/out/renderer', 'app://kiosk/')).toBe('/app/out/renderer/index.html');
    expect(resolveAppFile('/app/out/renderer', 'app://kiosk/assets/index.js')).toBe(
      '/app/out/renderer/assets/index.js',
    );
    expect(resolveAppFile('/app/out/renderer', 'app://kiosk/%2e%2e/%2e%2e/etc/passwd')).toBeNull();
    expect(resolveAppFile('/app/out/renderer', 'app://kiosk/..%2f..%2fmain%2findex.js')).toBeNull();
    expect(resolveAppFile('/app/out/renderer', 'app://kiosk/a%00b.js')).toBeNull();
  });
});
