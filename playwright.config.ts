import { defineConfig } from '@playwright/test';
import { chromiumArgs, systemChromium } from './e2e/support/chromium';

/**
 * One suite, two targets (STYLE: VS Code's driver): the web host in Debian's Chromium runs
 * everywhere; the Electron target runs where an Electron binary exists and skips clearly elsewhere.
 */
export default defineConfig({
  testDir: './e2e',
  outputDir: './test-results/e2e',
  timeout: 90_000,
  // generous: a 2-core CI machine runs two hosts, two browsers and argon2 at once
  expect: { timeout: 20_000 },
  fullyParallel: true,
  workers: 2,
  // no retries: a test that passes only on a second try hides a real defect a person would meet
  retries: 0,
  reporter: [['list'], ['json', { outputFile: 'test-results/playwright.json' }]],
  use: { trace: 'retain-on-failure', screenshot: 'only-on-failure' },
  projects: [
    {
      name: 'chromium-web',
      testIgnore: /\.electron\.spec\.ts$/,
      use: {
        browserName: 'chromium',
        headless: true,
        viewport: { width: 1080, height: 1920 },
        locale: 'es-EC',
        launchOptions: { executablePath: systemChromium(), args: chromiumArgs },
      },
    },
    { name: 'electron', testMatch: /\.electron\.spec\.ts$/ },
  ],
});
