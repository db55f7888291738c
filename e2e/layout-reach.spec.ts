import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { activationLinkOf, type CapturedMessage } from './support/mail-capture';
import { e2eSeed } from './support/seed';
import { tourEveryScreen } from './support/steps';
import { mountings, reachBand } from '../renderer/lib/layout/reach';

/**
 * Every screen's main buttons sit inside the reach band of a seated person (ADA 308, in pixels
 * from renderer/lib/layout/reach.ts) and are on screen without scrolling, at the sizes people
 * get by default ("Grande") and the smaller "Normal", in both mountings.
 */
const cases = [
  { orientation: 'portrait', viewport: { width: 1080, height: 1920 }, textSize: 'normal' },
  { orientation: 'portrait', viewport: { width: 1080, height: 1920 }, textSize: 'large' },
  { orientation: 'landscape', viewport: { width: 1920, height: 1080 }, textSize: 'normal' },
  { orientation: 'landscape', viewport: { width: 1920, height: 1080 }, textSize: 'large' },
] as const;

type Misplaced = { screen: string; button: string; top: number; bottom: number; why: string };

async function misplacedButtons(
  page: Page,
  screen: string,
  band: { top: number; bottom: number },
): Promise<Misplaced[]> {
  // measured from the position the screen opens in: nothing scrolled
  await page.locator('main.content').evaluate((el) => el.scrollTo(0, 0));
  const visible = await page.locator('main.content').boundingBox();
  const buttons = page.locator('main .btn-primary:visible');
  const out: Misplaced[] = [];
  for (let i = 0; i < (await buttons.count()); i++) {
    const button = buttons.nth(i);
    const box = (await button.boundingBox())!;
    const top = Math.round(box.y);
    const bottom = Math.round(box.y + box.height);
    const name = (await button.innerText()).trim();
    if (top < band.top || bottom > band.bottom)
      out.push({ screen, button: name, top, bottom, why: `outside the reach band ${band.top}–${band.bottom}` });
    else if (bottom > visible!.y + visible!.height)
      out.push({ screen, button: name, top, bottom, why: 'needs scrolling' });
  }
  return out;
}

for (const { orientation, viewport, textSize } of cases) {
  test.describe(`${orientation} ${viewport.width}×${viewport.height}, ${textSize} text`, () => {
    test.use({ viewport, hostOptions: { seed: e2eSeed } });

    test('every main button is in reach without scrolling', async ({ kioskPage: page, kiosk, mail }) => {
      test.setTimeout(240_000);
      const band = reachBand(mountings[orientation]);
      const problems: Misplaced[] = [];
      let checked = 0;
      await tourEveryScreen(page, {
        locale: 'es-EC',
        textSize,
        centralUrl: kiosk.centralUrl!,
        waitForMail: (match) => mail.waitFor((m: CapturedMessage) => match(m)),
        activationLink: (m) => activationLinkOf(m as CapturedMessage),
        visit: async (name) => {
          await expect(page.locator('html')).toHaveAttribute('data-busy', 'false');
          await expect(page.locator('html')).toHaveAttribute('data-connected', 'true');
          problems.push(...(await misplacedButtons(page, name, band)));
          checked += await page.locator('main .btn-primary:visible').count();
        },
      });
      expect(checked).toBeGreaterThan(15);
      expect(problems.map((p) => `${p.screen} · ${p.button} · ${p.top}–${p.bottom} px · ${p.why}`)).toEqual([]);
    });
  });
}
