import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { activationLinkOf, type CapturedMessage } from './support/mail-capture';
import { e2eSeed } from './support/seed';
import { tourEveryScreen, waitForScreen } from './support/steps';
import { text } from './support/touch';

/**
 * Axe (all of its rules, none disabled) finds 0 violations on every screen of the
 * three flows, the help note and the idle warning, in both languages, at normal and large text.
 * One walk per language and size scans each screen as it passes.
 */
test.use({ hostOptions: { seed: e2eSeed } });

async function scan(page: Page, where: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const found = results.violations.map((v) => ({
    rule: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5),
  }));
  expect(found, `axe on ${where}`).toEqual([]);
}

for (const locale of ['es-EC', 'en'] as const) {
  for (const textSize of ['normal', 'large'] as const) {
    test(`every screen passes axe (${locale}, ${textSize} text)`, async ({ kioskPage: page, kiosk, mail }) => {
      test.setTimeout(480_000);
      const scanned: string[] = [];
      await tourEveryScreen(page, {
        locale,
        textSize,
        centralUrl: kiosk.centralUrl!,
        waitForMail: (match) => mail.waitFor((m: CapturedMessage) => match(m)),
        activationLink: (m) => activationLinkOf(m as CapturedMessage),
        visit: async (name) => {
          await scan(page, `${name} (${locale}, ${textSize})`);
          scanned.push(name);
        },
      });
      expect(scanned.length).toBeGreaterThanOrEqual(17);
    });
  }
}

test.describe('the idle warning', () => {
  test.use({ hostOptions: { seed: e2eSeed, env: { KIOSK_IDLE_WARN_SECONDS: '2', KIOSK_IDLE_RESET_SECONDS: '30' } } });

  for (const locale of ['es-EC', 'en'] as const) {
    test(`passes axe (${locale})`, async ({ kioskPage: page }) => {
      await waitForScreen(page, 'welcome');
      if (locale === 'en') await page.getByRole('button', { name: 'English', exact: true }).click();
      await page.getByRole('button', { name: text(locale, 'welcome.recover'), exact: true }).click();
      await waitForScreen(page, 'identify');
      await expect(page.getByRole('dialog', { name: text(locale, 'idle.title') })).toBeVisible();
      await scan(page, `idle dialog (${locale})`);
    });
  }
});

test.describe('the Cancelar question', () => {
  for (const locale of ['es-EC', 'en'] as const) {
    test(`passes axe (${locale})`, async ({ kioskPage: page }) => {
      await waitForScreen(page, 'welcome');
      if (locale === 'en') await page.getByRole('button', { name: 'English', exact: true }).click();
      await page.getByRole('button', { name: text(locale, 'welcome.recover'), exact: true }).click();
      await waitForScreen(page, 'identify');
      await page.getByRole('button', { name: text(locale, 'cancel.button'), exact: true }).click();
      await expect(page.getByRole('alertdialog', { name: text(locale, 'cancel.confirmTitle') })).toBeVisible();
      await scan(page, `cancel dialog (${locale})`);
    });
  }
});
