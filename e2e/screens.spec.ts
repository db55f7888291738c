import { mkdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { activationLinkOf, type CapturedMessage } from './support/mail-capture';
import { e2eSeed } from './support/seed';
import { tourEveryScreen, waitForScreen } from './support/steps';
import { text } from './support/touch';

/**
 * A picture of every screen at the kiosk's two mountings (1080×1920 portrait,
 * 1920×1080 landscape) in both languages, saved as docs/screenshots/<locale>/<orientation>/
 * NN-screen.png for the README and for people to look at.
 */
const orientations = {
  portrait: { width: 1080, height: 1920 },
  landscape: { width: 1920, height: 1080 },
} as const;

/** the tour's screens plus the idle warning, which comes last */
const IDLE_SHOT = 28;
/** the speech controls, after the idle warning */
const SPEECH_SHOT = IDLE_SHOT + 1;

function shooter(page: Page, locale: string, orientation: string) {
  const dir = `docs/screenshots/${locale}/${orientation}`;
  mkdirSync(dir, { recursive: true });
  return (n: number, name: string) =>
    page.screenshot({
      path: `${dir}/${String(n).padStart(2, '0')}-${name}.png`,
      animations: 'disabled',
      caret: 'hide',
    });
}

for (const [orientation, viewport] of Object.entries(orientations)) {
  test.describe(`${orientation}`, () => {
    test.use({ viewport, hostOptions: { seed: e2eSeed } });

    for (const locale of ['es-EC', 'en'] as const) {
      test(`every screen (${locale})`, async ({ kioskPage: page, kiosk, mail }) => {
        test.setTimeout(480_000);
        const shoot = shooter(page, locale, orientation);
        let n = 0;
        await tourEveryScreen(page, {
          locale,
          centralUrl: kiosk.centralUrl!,
          waitForMail: (match) => mail.waitFor((m: CapturedMessage) => match(m)),
          activationLink: (m) => activationLinkOf(m as CapturedMessage),
          visit: async (name) => {
            // the live password check and the help note settle before the picture
            await expect(page.locator('html')).toHaveAttribute('data-busy', 'false');
            await shoot(++n, name);
          },
        });
        expect(n).toBe(IDLE_SHOT - 1);
      });
    }

    // the speech controls: Escuchar with Detener while it speaks, and the spoken guidance with its
    // volume in "Pantalla" (the audio itself is checked by e2e/speech.spec.ts)
    test('speech controls (es-EC)', async ({ kioskPage: page }) => {
      const shoot = shooter(page, 'es-EC', orientation);
      await waitForScreen(page, 'welcome');
      await page.getByRole('button', { name: text('es-EC', 'welcome.generate'), exact: true }).click();
      await waitForScreen(page, 'identify');
      await page.getByRole('button', { name: text('es-EC', 'prefs.open'), exact: true }).click();
      const menu = page.getByRole('group', { name: text('es-EC', 'prefs.title') });
      await menu.getByRole('button', { name: text('es-EC', 'speech.mode'), exact: true }).click();
      await expect(menu.getByRole('group', { name: text('es-EC', 'speech.volume') })).toBeVisible();
      await shoot(SPEECH_SHOT, 'speech-guidance-volume');
      await menu.getByRole('button', { name: text('es-EC', 'prefs.close'), exact: true }).click();
      await page.getByRole('button', { name: text('es-EC', 'speech.listen'), exact: true }).click();
      await expect(page.getByRole('button', { name: text('es-EC', 'speech.stop'), exact: true })).toBeVisible();
      await shoot(SPEECH_SHOT + 1, 'speech-listen-stop');
    });

    test.describe('idle warning', () => {
      test.use({
        viewport,
        hostOptions: { seed: e2eSeed, env: { KIOSK_IDLE_WARN_SECONDS: '2', KIOSK_IDLE_RESET_SECONDS: '40' } },
      });
      for (const locale of ['es-EC', 'en'] as const) {
        test(`(${locale})`, async ({ kioskPage: page }) => {
          await waitForScreen(page, 'welcome');
          if (locale === 'en') await page.getByRole('button', { name: 'English', exact: true }).click();
          await page.getByRole('button', { name: text(locale, 'welcome.recover'), exact: true }).click();
          await waitForScreen(page, 'identify');
          await expect(page.getByRole('dialog', { name: text(locale, 'idle.title') })).toBeVisible();
          await shooter(page, locale, orientation)(IDLE_SHOT, 'idle-warning');
        });
      }
    });
  });
}
