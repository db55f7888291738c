import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, ipcMain, Menu, net, protocol, session } from 'electron';
import { startCentral } from '../central/server/embedded';
import { bootKiosk } from '../core/boot';
import { readConfig } from '../core/config';
import { CONTENT_SECURITY_POLICY } from '../core/security-headers';
import { resolveAppFile } from './app-protocol';
import { initializeKioskIpc } from './ipc';
import { isBlockedShortcut } from './keyboard';
import { allowNavigation, allowWebview, APP_ORIGIN, APP_SCHEME, windowOpenDecision } from './navigation';
import { createPermissionCheckHandler, createPermissionRequestHandler } from './permissions';
import { roleFromArgv } from './roles';
import { windowOptions } from './window-options';

// Electron shell only: everything the kiosk does lives in electron/core (DESIGN §3).
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

if (!app.requestSingleInstanceLock()) app.quit();

const role = roleFromArgv(process.argv);
const rendererDir = join(import.meta.dirname, '../renderer');
const preloadPath = join(import.meta.dirname, '../preload/index.cjs');

async function start(): Promise<void> {
  const read = readConfig(process.env);
  if (!read.ok) {
    console.error(read.problems.join('\n'));
    app.exit(2);
    return;
  }
  Menu.setApplicationMenu(null);
  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppFile(rendererDir, request.url);
    if (!file || !existsSync(file)) return new Response('Not found', { status: 404 });
    const response = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(response.headers);
    headers.set('content-security-policy', CONTENT_SECURITY_POLICY);
    return new Response(response.body, { status: response.status, headers });
  });
  session.defaultSession.setPermissionRequestHandler(createPermissionRequestHandler());
  session.defaultSession.setPermissionCheckHandler(createPermissionCheckHandler());

  const runtime = await bootKiosk(read.config, startCentral);
  const ipc = initializeKioskIpc(ipcMain, runtime.core);

  const openWindow = () => {
    const win = new BrowserWindow(windowOptions(role, preloadPath));
    const contents = win.webContents;
    ipc.attach(contents);
    contents.on('will-navigate', (event, url) => {
      if (!allowNavigation(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!allowNavigation(url)) event.preventDefault();
    });
    contents.setWindowOpenHandler(windowOpenDecision);
    contents.on('will-attach-webview', (event) => {
      if (!allowWebview()) event.preventDefault();
    });
    contents.on('before-input-event', (event, input) => {
      if (isBlockedShortcut(input, role)) event.preventDefault();
    });
    contents.on('render-process-gone', () => {
      if (!win.isDestroyed()) void win.loadURL(`${APP_ORIGIN}/index.html`);
    });
    win.once('ready-to-show', () => win.show());
    void win.loadURL(`${APP_ORIGIN}/index.html`);
    return win;
  };
  openWindow();
  app.on('second-instance', () => BrowserWindow.getAllWindows()[0]?.focus());
  app.on('child-process-gone', (_event, details) => {
    if (details.type === 'GPU') runtime.log('electron.gpu_gone', { reason: details.reason });
  });
  app.on('before-quit', () => void runtime.close());
}

app.on('web-contents-created', (_event, contents) => {
  contents.on('will-attach-webview', (event) => event.preventDefault());
});
app.on('window-all-closed', () => app.quit());
void app.whenReady().then(start);
