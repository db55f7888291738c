import { expect, test } from './fixtures';
import { e2eSeed } from './support/seed';
import * as step from './support/steps';

test.use({ hostOptions: { seed: e2eSeed } });

test('"Escuchar" makes audio on the kiosk and it reaches the page with the network closed', async ({ page, kiosk }) => {
  // nothing leaves the machine: only the kiosk's own host answers
  const refused: string[] = [];
  await page.context().route('**/*', (route) => {
    const host = new URL(route.request().url()).hostname;
    if (host === '127.0.0.1' || host === 'localhost') return route.continue();
    refused.push(route.request().url());
    return route.abort('internetdisconnected');
  });
  await page.goto(kiosk.url);
  await expect(page.locator('html[data-kiosk-ready="true"]')).toBeAttached();

  await step.chooseOnWelcome(page, 'Generar clave');
  await step.waitForScreen(page, 'identify');
  await page.getByLabel('Cédula', { exact: true }).fill('1714307103');
  await page.getByRole('button', { name: 'Escuchar', exact: true }).click();
  const audio = page.locator('audio[data-bytes]');
  await expect(audio).not.toHaveAttribute('data-bytes', '0');
  const bytes = Number(await audio.getAttribute('data-bytes'));
  // title + instruction + "Cédula" at 150 words a minute, 22 kHz 16-bit mono: a few seconds
  expect(bytes).toBeGreaterThan(2 * 44_100);
  expect(bytes).toBeLessThan(30 * 44_100);
  // the page decodes it as audio: a duration of seconds, not a broken file
  await expect
    .poll(() => audio.evaluate((el: HTMLAudioElement) => (Number.isFinite(el.duration) ? el.duration : 0)))
    .toBeGreaterThan(1);
  expect(refused).toEqual([]);
});

test('the kiosk’s speech key (F9 by default) turns spoken guidance on and off from any screen', async ({
  kioskPage: page,
}) => {
  await step.waitForScreen(page, 'welcome');
  const mode = page.getByRole('button', { name: 'Guía hablada', exact: true });
  const indicator = page.locator('[data-speech-mode="on"]');
  await expect(mode).toHaveAttribute('aria-pressed', 'false');
  await expect(indicator).toHaveCount(0);

  await page.keyboard.press('F9');
  await expect(mode).toHaveAttribute('aria-pressed', 'true');
  await expect(indicator).toHaveText('Guía hablada activada');
  // turning it on says the screen at once
  await expect(page.locator('audio[data-bytes]')).not.toHaveAttribute('data-bytes', '0');

  // mid-trámite, where the mode's switch sits behind "Pantalla", the key still works
  await step.chooseOnWelcome(page, 'Generar clave');
  await step.waitForScreen(page, 'identify');
  await expect(indicator).toBeVisible();
  await page.keyboard.press('F9');
  await expect(indicator).toHaveCount(0);
  await page.getByRole('button', { name: 'Pantalla' }).click();
  await expect(page.getByRole('button', { name: 'Guía hablada', exact: true })).toHaveAttribute(
    'aria-pressed',
    'false',
  );
  await page.keyboard.press('F9');
  await expect(page.getByRole('button', { name: 'Guía hablada', exact: true })).toHaveAttribute('aria-pressed', 'true');
});
