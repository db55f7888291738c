import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { electronBinary, ELECTRON_SKIP_REASON } from './support/electron-binary';
import {
  ESCAPE_URLS,
  dropFileAndLink,
  expectStillTheKiosk,
  markDocument,
  rightClickWasCancelled,
  selectionAfterTripleClickOnPrivate,
  tryNavigate,
  windowOpenResults,
} from './support/escape';
import { demoSeedFile, repoRoot } from './support/host';

// In the real shell: main's guards (will-navigate, setWindowOpenHandler, permission
// handlers, before-input-event) on top of the page's own lockdown.
const binary = electronBinary();
if (!binary) console.log(ELECTRON_SKIP_REASON);
test.skip(!binary, ELECTRON_SKIP_REASON);

let app: ElectronApplication;
let page: Page;

test.beforeEach(async () => {
  app = await electron.launch({
    executablePath: binary ?? undefined,
    args: [join(repoRoot, 'out/main/index.js'), '--role=kiosk'],
    env: {
      ...process.env,
      KIOSK_DATA_DIR: mkdtempSync(join(tmpdir(), 'kiosk-escape-')),
      CENTRAL_SEED_FILE: demoSeedFile,
      CENTRAL_PORT: '0',
    },
  });
  page = await app.firstWindow();
  await expect(page.locator('html[data-kiosk-ready="true"]')).toBeAttached();
});

test.afterEach(async () => {
  await app.close();
});

test('navigation to an external URL, file://, javascript: or data: stays on app://kiosk', async () => {
  const origin = await markDocument(page);
  expect(origin).toBe('app://kiosk');
  for (const url of ESCAPE_URLS) {
    await tryNavigate(page, url);
    await expectStillTheKiosk(page, origin);
  }
});

test('window.open is denied and no second window appears', async () => {
  const origin = await markDocument(page);
  expect(await windowOpenResults(page)).toEqual([null, null, null, null]);
  expect(app.windows()).toHaveLength(1);
  expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
  await expectStillTheKiosk(page, origin);
});

test('a webview cannot be attached', async () => {
  const attached = await page.evaluate(() => {
    const view = document.createElement('webview');
    view.setAttribute('src', 'https://example.com/');
    document.body.append(view);
    // with webviewTag off the element stays an unknown HTML element without a guest
    return typeof (view as unknown as { getWebContentsId?: unknown }).getWebContentsId === 'function';
  });
  expect(attached).toBe(false);
  expect(await app.evaluate(({ webContents }) => webContents.getAllWebContents().length)).toBe(1);
});

test('a dropped file or link, a right click and a selection of masked data are all refused', async () => {
  const origin = await markDocument(page);
  expect(await dropFileAndLink(page)).toEqual({
    'app:dragover': true,
    'app:drop': true,
    'margin:dragover': true,
    'margin:drop': true,
  });
  const box = await page.getByRole('button', { name: 'Generar clave', exact: true }).boundingBox();
  expect(await rightClickWasCancelled(page, (box?.x ?? 0) + 5, (box?.y ?? 0) + 5)).toBe(true);
  expect(await selectionAfterTripleClickOnPrivate(page)).toBe('');
  await expectStillTheKiosk(page, origin);
});

test('reload, devtools, close, print and zoom shortcuts do nothing in the kiosk role', async () => {
  const origin = await markDocument(page);
  for (const key of [
    'Control+R',
    'F5',
    'Control+Shift+R',
    'Control+Shift+I',
    'F12',
    'Control+W',
    'Alt+F4',
    'Control+P',
    'Control+U',
    'Control+N',
    'Control+Equal',
    'Control+Minus',
    'Control+0',
  ]) {
    await page.keyboard.press(key);
    await expectStillTheKiosk(page, origin);
  }
  const state = await app.evaluate(({ BrowserWindow }) => {
    const win = BrowserWindow.getAllWindows()[0];
    return {
      windows: BrowserWindow.getAllWindows().length,
      devtools: win?.webContents.isDevToolsOpened() ?? null,
      zoom: win?.webContents.getZoomFactor() ?? null,
      kiosk: win?.isKiosk() ?? null,
    };
  });
  expect(state).toEqual({ windows: 1, devtools: false, zoom: 1, kiosk: true });
});

test('camera, microphone, geolocation, notifications and clipboard are denied', async () => {
  const result = await page.evaluate(async () => {
    const states: Record<string, string> = {};
    for (const name of ['geolocation', 'notifications', 'camera', 'microphone', 'clipboard-read', 'midi'] as const) {
      try {
        states[name] = (await navigator.permissions.query({ name: name as PermissionName })).state;
      } catch {
        states[name] = 'unsupported';
      }
    }
    const media = await navigator.mediaDevices?.getUserMedia({ video: true, audio: true }).then(
      () => 'granted',
      () => 'refused',
    );
    const clipboard = await navigator.clipboard?.readText().then(
      () => 'read',
      () => 'refused',
    );
    return {
      states,
      media: media ?? 'refused',
      clipboard: clipboard ?? 'refused',
      notification: Notification.permission,
    };
  });
  expect(Object.values(result.states).every((s) => s === 'denied' || s === 'unsupported')).toBe(true);
  expect(result).toMatchObject({ media: 'refused', clipboard: 'refused', notification: 'denied' });
});
