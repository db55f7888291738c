import { test as base, expect, type Page } from '@playwright/test';
import { startHost, type HostOptions, type HostProcess } from './support/host';
import { startMailCapture } from './support/mail-capture';

type MailCapture = Awaited<ReturnType<typeof startMailCapture>>;

type Fixtures = {
  /** per-test host options; override with test.use({ hostOptions: … }) */
  hostOptions: HostOptions;
  mail: MailCapture;
  kiosk: HostProcess;
  /** the kiosk page, loaded and ready (the renderer's readiness flag, never a sleep) */
  kioskPage: Page;
};

export const test = base.extend<Fixtures>({
  hostOptions: [{}, { option: true }],
  mail: async ({}, use) => {
    const capture = await startMailCapture();
    await use(capture);
    await capture.close();
  },
  kiosk: async ({ hostOptions, mail }, use) => {
    const host = await startHost({ ...hostOptions, env: { SMTP_URL: mail.url, ...hostOptions.env } });
    await use(host);
    await host.stop();
  },
  kioskPage: async ({ page, kiosk }, use) => {
    await openKiosk(page, kiosk.url);
    await use(page);
  },
});

export async function openKiosk(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await expect(page.locator('html[data-kiosk-ready="true"]')).toBeAttached();
}

export async function waitForScreen(page: Page, screen: string): Promise<void> {
  await expect(page.locator(`html[data-screen="${screen}"]`)).toBeAttached();
}

export { expect };
