import { expect, test } from './fixtures';
import { e2eSeed } from './support/seed';
import * as step from './support/steps';

test.use({ hostOptions: { seed: e2eSeed } });

test('language, text size and contrast are reachable mid-trámite, keeping what was typed', async ({
  kioskPage: page,
}) => {
  await step.chooseOnWelcome(page, 'Generar clave');
  await step.waitForScreen(page, 'identify');
  await page.getByLabel('Cédula', { exact: true }).fill('1714307103');
  const open = page.getByRole('button', { name: 'Pantalla', exact: true });
  await expect(open).toHaveAttribute('aria-expanded', 'false');
  await open.click();
  await expect(open).toHaveAttribute('aria-expanded', 'true');
  const menu = page.getByRole('group', { name: 'Ajustes de pantalla' });
  // "Grande" is what a person gets by default
  await expect(menu.getByRole('button', { name: 'Grande', exact: true })).toHaveAttribute('aria-pressed', 'true');
  await menu.getByRole('button', { name: 'Muy grande', exact: true }).click();
  await expect(page.locator('html')).toHaveClass(/text-xlarge/);
  await menu.getByRole('button', { name: 'Alto contraste', exact: true }).click();
  await expect(page.locator('html')).toHaveClass(/contrast/);
  await step.shoot(page, '22-display-menu');
  await menu.getByRole('button', { name: 'English', exact: true }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.getByRole('button', { name: 'Close', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Enter your identification number');
  await expect(page.locator('html')).toHaveAttribute('data-screen', 'identify');
  await expect(page.getByLabel('ID number (cédula)', { exact: true })).toHaveValue('1714307103');
});
