import type { Page } from '@playwright/test';
import { expect, openKiosk, test } from './fixtures';
import { e2eSeed, people } from './support/seed';
import * as step from './support/steps';

// a short office timing, and the page's clock under the test's hand: time is jumped, never slept
test.use({ hostOptions: { seed: e2eSeed, env: { KIOSK_IDLE_WARN_SECONDS: '3', KIOSK_IDLE_RESET_SECONDS: '6' } } });

const PAST_RESET_MS = 20_000;
const supervisorPin = e2eSeed.staff[0]!.pin;

async function onIdentifyWithCedula(page: Page, url: string): Promise<void> {
  await page.clock.install();
  await openKiosk(page, url);
  await step.chooseOnWelcome(page, 'Generar clave');
  await step.waitForScreen(page, 'identify');
  await page.getByLabel('Cédula', { exact: true }).fill(people.noEmail.id);
}

test('without a help request the idle reset clears the trámite (the control case)', async ({ page, kiosk }) => {
  await onIdentifyWithCedula(page, kiosk.url);
  await page.clock.fastForward(PAST_RESET_MS);
  await step.waitForScreen(page, 'welcome');
  await expect(page.getByLabel('Cédula', { exact: true })).toHaveCount(0);
});

test('a help request keeps the session past the idle reset; after "Atender" the trámite goes on', async ({
  page,
  kiosk,
  browser,
}) => {
  await onIdentifyWithCedula(page, kiosk.url);
  await page.getByRole('button', { name: 'Solicitar ayuda', exact: true }).click();
  await expect(page.getByText('Un funcionario vendrá a ayudarle')).toBeVisible();
  // closing the note does not restart the clock: the request is still open
  await page.getByRole('button', { name: 'Entendido', exact: true }).click();

  await page.clock.fastForward(PAST_RESET_MS);
  await page.clock.fastForward(PAST_RESET_MS);
  await expect(page.locator('html')).toHaveAttribute('data-screen', 'identify');
  await expect(page.getByRole('dialog', { name: '¿Sigue ahí?' })).toHaveCount(0);
  await expect(page.getByLabel('Cédula', { exact: true })).toHaveValue(people.noEmail.id);

  const staffPage = await browser.newPage({ viewport: { width: 1080, height: 1920 }, locale: 'es-EC' });
  try {
    await openKiosk(staffPage, kiosk.url);
    await step.waitForScreen(staffPage, 'welcome');
    const logo = staffPage.locator('header .logo');
    for (let i = 0; i < 5; i++) await logo.click();
    await staffPage.getByLabel('PIN de funcionario', { exact: true }).fill(supervisorPin);
    await staffPage.getByRole('button', { name: 'Ingresar', exact: true }).click();
    await step.waitForScreen(staffPage, 'staff');
    await staffPage
      .getByRole('listitem')
      .filter({ hasText: 'En la pantalla: Identificación' })
      .getByRole('button', { name: 'Atender', exact: true })
      .click();
  } finally {
    await staffPage.close();
  }
  await expect(page.getByText('Un funcionario ya viene en camino.')).toBeVisible();

  // staff at the person's side: the trámite continues from where it was
  await page.getByRole('checkbox', { name: 'No soy un robot' }).check();
  await page.getByRole('button', { name: 'BUSCAR', exact: true }).click();
  await step.waitForScreen(page, 'challenge');
});
