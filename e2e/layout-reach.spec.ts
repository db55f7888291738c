import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { activationLinkOf, type CapturedMessage } from './support/mail-capture';
import { e2eSeed } from './support/seed';
import { tourEveryScreen } from './support/steps';
import { mountings, reachBand } from '../renderer/lib/layout/reach';

/**
 * Every screen's main buttons sit inside the reach band of a seated person (ADA 308, in pixels
 * from renderer/lib/layout/reach.ts) and are on screen without scrolling, at the sizes people
 * get by default ("Grande") and the smaller "Normal", in both mountings. So do the last row of
 * the email keyboard (the keys a person must press to finish typing) and the day and month
 * tiles; the activation QR, which a phone reads and no hand touches, must be on screen whole.
 */
const cases = [
  { orientation: 'portrait', viewport: { width: 1080, height: 1920 }, textSize: 'normal' },
  { orientation: 'portrait', viewport: { width: 1080, height: 1920 }, textSize: 'large' },
  { orientation: 'landscape', viewport: { width: 1920, height: 1080 }, textSize: 'normal' },
  { orientation: 'landscape', viewport: { width: 1920, height: 1080 }, textSize: 'large' },
] as const;

type Misplaced = { screen: string; button: string; top: number; bottom: number; why: string };
type Band = { top: number; bottom: number };

/** What must be in reach (or, for `seenOnly`, on screen) on each visited screen, besides its main buttons. */
const lastKeyRow = { selector: 'main .keyboard .row:last-child .key' };
// every option of the challenge: the day and month tiles and the record questions' answers
const options = { selector: 'main [role="radiogroup"] label' };
const typedAnswers = { selector: 'main input.text-input' };
const alsoChecked: Record<string, { selector: string; seenOnly?: boolean }[]> = {
  // the last row of the email keyboard: Mayúsculas and Borrar
  email: [lastKeyRow],
  'email-error': [lastKeyRow],
  // the generate challenge: the date and two record questions, before and after an error
  challenge: [options],
  'challenge-error': [options],
  // the recover one adds two typed answers and their keyboard
  'challenge-recover': [options, typedAnswers, lastKeyRow],
  'challenge-recover-error': [options, typedAnswers, lastKeyRow],
  activation: [{ selector: 'main [role="img"][aria-label*="QR"]', seenOnly: true }],
};

async function misplaced(page: Page, screen: string, band: Band): Promise<Misplaced[]> {
  // measured from the position the screen opens in: nothing scrolled
  await page.locator('main.content').evaluate((el) => el.scrollTo(0, 0));
  const visible = (await page.locator('main.content').boundingBox())!;
  const targets = [{ selector: 'main .btn-primary:visible', seenOnly: false }, ...(alsoChecked[screen] ?? [])];
  const out: Misplaced[] = [];
  for (const { selector, seenOnly } of targets) {
    const found = page.locator(selector);
    for (let i = 0; i < (await found.count()); i++) {
      const element = found.nth(i);
      const box = (await element.boundingBox())!;
      const top = Math.round(box.y);
      const bottom = Math.round(box.y + box.height);
      const name = ((await element.getAttribute('aria-label')) ?? (await element.innerText())).trim();
      if (!seenOnly && (top < band.top || bottom > band.bottom))
        out.push({ screen, button: name, top, bottom, why: `outside the reach band ${band.top}–${band.bottom}` });
      else if (top < visible.y || bottom > visible.y + visible.height)
        out.push({ screen, button: name, top, bottom, why: 'needs scrolling' });
    }
  }
  return out;
}

for (const { orientation, viewport, textSize } of cases) {
  test.describe(`${orientation} ${viewport.width}×${viewport.height}, ${textSize} text`, () => {
    test.use({ viewport, hostOptions: { seed: e2eSeed } });

    test('every main button is in reach without scrolling', async ({ kioskPage: page, kiosk, mail }) => {
      test.setTimeout(480_000);
      const band = reachBand(mountings[orientation]);
      const problems: Misplaced[] = [];
      let checked = 0;
      const extras = new Set<string>();
      await tourEveryScreen(page, {
        locale: 'es-EC',
        textSize,
        centralUrl: kiosk.centralUrl!,
        waitForMail: (match) => mail.waitFor((m: CapturedMessage) => match(m)),
        activationLink: (m) => activationLinkOf(m as CapturedMessage),
        visit: async (name) => {
          await expect(page.locator('html')).toHaveAttribute('data-busy', 'false');
          await expect(page.locator('html')).toHaveAttribute('data-connected', 'true');
          const here = await misplaced(page, name, band);
          // reported per screen as it is met, so a later failure of the tour still shows these
          expect
            .soft(
              here.map((p) => `${p.button} · ${p.top}–${p.bottom} px · ${p.why}`),
              name,
            )
            .toEqual([]);
          problems.push(...here);
          checked += await page.locator('main .btn-primary:visible').count();
          if (alsoChecked[name]) extras.add(name);
        },
      });
      expect(checked).toBeGreaterThan(15);
      // the keyboard, the date tiles and the QR were on the tour, so their checks ran
      expect([...extras].sort()).toEqual(Object.keys(alsoChecked).sort());
      expect(problems.map((p) => `${p.screen} · ${p.button} · ${p.top}–${p.bottom} px · ${p.why}`)).toEqual([]);
    });
  });
}
