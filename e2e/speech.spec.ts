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
