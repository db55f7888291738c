import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { electronBinary, ELECTRON_SKIP_REASON } from './support/electron-binary';
import { demoSeedFile, repoRoot } from './support/host';

const binary = electronBinary();
if (!binary) console.log(ELECTRON_SKIP_REASON);
test.skip(!binary, ELECTRON_SKIP_REASON);

test('the Electron kiosk opens locked down on the welcome screen and cannot navigate away', async () => {
  const app = await electron.launch({
    executablePath: binary ?? undefined,
    args: [join(repoRoot, 'out/main/index.js'), '--role=kiosk'],
    env: {
      ...process.env,
      KIOSK_DATA_DIR: mkdtempSync(join(tmpdir(), 'kiosk-electron-')),
      CENTRAL_SEED_FILE: demoSeedFile,
      CENTRAL_PORT: '0',
    },
  });
  const page = await app.firstWindow();
  await expect(page.locator('html[data-kiosk-ready="true"]')).toBeAttached();
  await expect(page.getByRole('button', { name: 'Generar clave', exact: true })).toBeVisible();
  expect(page.url()).toMatch(/^app:\/\/kiosk\//);
  const isKiosk = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.isKiosk() ?? false);
  expect(isKiosk).toBe(true);
  await page.evaluate(() => {
    window.location.href = 'https://example.com/';
  });
  await expect(page.locator('html[data-kiosk-ready="true"]')).toBeAttached();
  expect(page.url()).toMatch(/^app:\/\/kiosk\//);
  await app.close();
});
