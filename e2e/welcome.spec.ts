import { expect, test } from './fixtures';

test('the welcome screen offers the three trámites in Spanish and switches to English and back', async ({
  kioskPage: page,
}) => {
  await expect(page.locator('html')).toHaveAttribute('data-screen', 'welcome');
  await expect(page.locator('html')).toHaveAttribute('lang', 'es-EC');
  for (const name of ['Generar clave', 'Recuperar clave', 'Clave de empleador', 'Solicitar ayuda']) {
    await expect(page.getByRole('button', { name, exact: true })).toBeVisible();
  }

  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('button', { name: 'Generar clave', exact: true })).toHaveCount(0);
  for (const name of ['Create password', 'Recover password', 'Employer password', 'Ask for help']) {
    await expect(page.getByRole('button', { name, exact: true })).toBeVisible();
  }

  await page.getByRole('button', { name: 'Español' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'es-EC');
  await expect(page.getByRole('button', { name: 'Generar clave', exact: true })).toBeVisible();
});
