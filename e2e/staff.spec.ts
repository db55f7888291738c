import type { Page } from '@playwright/test';
import { expect, openKiosk, test } from './fixtures';
import { startHost } from './support/host';
import { e2eSeed } from './support/seed';
import { chooseOnWelcome, shoot, waitForScreen } from './support/steps';

test.use({ hostOptions: { seed: e2eSeed } });

const supervisorPin = e2eSeed.staff[0]!.pin;

/** Five taps on the IESS logo within 3 s, on welcome, open the staff PIN dialog. */
async function openStaffDialog(page: Page): Promise<void> {
  await waitForScreen(page, 'welcome');
  const logo = page.locator('header .logo');
  for (let i = 0; i < 5; i++) await logo.click();
  await expect(page.getByRole('dialog', { name: 'Acceso de funcionarios' })).toBeVisible();
}

async function enterPin(page: Page, pin: string): Promise<void> {
  await page.getByLabel('PIN de funcionario', { exact: true }).fill(pin);
  await page.getByRole('button', { name: 'Ingresar', exact: true }).click();
  await expect(page.locator('html')).toHaveAttribute('data-busy', 'false');
}

test('a wrong PIN says how many tries are left; the right one opens the staff panel; Salir returns to welcome', async ({
  kioskPage: page,
}) => {
  // the gesture is not advertised: the logo is no button and has no accessible name
  await expect(page.getByRole('button', { name: /IESS/ })).toHaveCount(0);
  await openStaffDialog(page);
  const dialog = page.getByRole('dialog', { name: 'Acceso de funcionarios' });
  await expect(dialog.getByLabel('PIN de funcionario', { exact: true })).toHaveAttribute('type', 'password');
  await expect(dialog.getByLabel('PIN de funcionario', { exact: true })).toHaveAttribute('inputmode', 'numeric');

  await enterPin(page, '000000');
  await expect(dialog.getByRole('alert')).toContainText('El PIN no es correcto');
  await expect(dialog.getByRole('alert')).toContainText('Le quedan 4 intentos');
  await expect(dialog.getByLabel('PIN de funcionario', { exact: true })).toHaveValue('');
  await shoot(page, '19-staff-pin');

  // the on-screen keypad types the PIN too
  await dialog.getByLabel('PIN de funcionario', { exact: true }).focus();
  for (const digit of supervisorPin) await dialog.getByRole('button', { name: digit, exact: true }).click();
  await dialog.getByRole('button', { name: 'Ingresar', exact: true }).click();
  await waitForScreen(page, 'staff');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.getByText('KIOSCO-01', { exact: true })).toBeVisible();
  await expect(page.getByText('Supervisor · Lucía Andrade')).toBeVisible();

  await page.getByRole('button', { name: 'Salir del modo funcionario', exact: true }).click();
  await waitForScreen(page, 'welcome');
  await expect(page.locator('html[data-kiosk-ready="true"]')).toBeAttached();
  await expect(page.getByRole('button', { name: 'Generar clave', exact: true })).toBeVisible();
});

test('a person asks for help on one kiosk screen; staff on another screen attend it and the person sees it', async ({
  kioskPage: person,
  kiosk,
  browser,
}) => {
  await chooseOnWelcome(person, 'Generar clave');
  await waitForScreen(person, 'identify');
  await person.getByRole('button', { name: 'Solicitar ayuda', exact: true }).click();
  await expect(person.getByText('Un funcionario vendrá a ayudarle')).toBeVisible();

  const staffPage = await browser.newPage({ viewport: { width: 1080, height: 1920 }, locale: 'es-EC' });
  try {
    await openKiosk(staffPage, kiosk.url);
    await openStaffDialog(staffPage);
    await enterPin(staffPage, supervisorPin);
    await waitForScreen(staffPage, 'staff');
    const request = staffPage.getByRole('listitem').filter({ hasText: 'En la pantalla: Identificación' });
    await expect(request).toBeVisible();
    await shoot(staffPage, '20-staff-panel');

    await request.getByRole('button', { name: 'Atender', exact: true }).click();
    await expect(person.getByText('Un funcionario ya viene en camino.')).toBeVisible();
    await expect(staffPage.getByText('No hay solicitudes pendientes.')).toBeVisible();
  } finally {
    await staffPage.close();
  }
});

test('five wrong PINs lock staff entry on the kiosk; even the right PIN is then refused', async ({
  kioskPage: page,
}) => {
  // staff with a physical keyboard use the shortcut instead of the five taps
  await waitForScreen(page, 'welcome');
  await page.keyboard.press('Control+Alt+KeyS');
  await expect(page.getByRole('dialog', { name: 'Acceso de funcionarios' })).toBeVisible();
  const alert = page.getByRole('dialog').getByRole('alert');
  for (let i = 0; i < 4; i++) {
    await enterPin(page, '11112222');
    await expect(alert).toContainText(i === 3 ? 'Le queda 1 intento' : `Le quedan ${4 - i} intentos`);
  }
  await enterPin(page, '11112222');
  await expect(alert).toContainText('El acceso de funcionarios está bloqueado en este quiosco por 15 minutos');

  await enterPin(page, supervisorPin);
  await expect(alert).toContainText('bloqueado');
  await expect(page.locator('html')).toHaveAttribute('data-screen', 'welcome');
});

test.describe('a window started as a staff role', () => {
  test('opens on the staff PIN, and the right PIN opens the staff panel', async ({ page, mail }) => {
    const host = await startHost({ seed: e2eSeed, env: { SMTP_URL: mail.url }, args: ['--role=supervisor'] });
    try {
      await openKiosk(page, host.url);
      const dialog = page.getByRole('dialog');
      await expect(dialog).toBeVisible();
      await dialog.getByLabel('PIN de funcionario', { exact: true }).fill('482915');
      await dialog.getByRole('button', { name: 'Ingresar', exact: true }).click();
      await expect(page.locator('html')).toHaveAttribute('data-screen', 'staff');
    } finally {
      await host.stop();
    }
  });
});
