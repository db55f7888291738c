import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { shoot, waitForScreen } from './support/steps';

/** The supervisor's window in English: every word translated, both sections axe-clean. */
const SUPERVISOR_PIN = '482915'; // demo supervisor S001

async function axeClean(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

test.use({
  hostOptions: { args: ['--role=supervisor'], env: { KIOSK_LOCALE: 'en' } },
  viewport: { width: 1920, height: 1080 },
});

test('the supervisor screen and its figures are in English and pass axe', async ({ kioskPage: page }) => {
  const dialog = page.getByRole('dialog', { name: 'Staff access' });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Staff PIN', { exact: true }).fill(SUPERVISOR_PIN);
  await dialog.getByRole('button', { name: 'Sign in', exact: true }).click();
  await waitForScreen(page, 'staff');

  await expect(page.getByRole('heading', { name: 'Office supervision' })).toBeVisible();
  await expect(page.getByRole('tab', { name: 'Kiosks' })).toHaveAttribute('aria-selected', 'true');
  await axeClean(page);
  await shoot(page, '24-supervisor-grid', 'en');

  await page.getByRole('tab', { name: 'Figures' }).click();
  const table = page.getByRole('table');
  for (const header of ['Year', 'Month', 'Complaints', 'Services'])
    await expect(table.getByRole('columnheader', { name: header, exact: true })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Download CSV' })).toBeVisible();
  // nothing of the Spanish screen is left on the English one
  const text = await page.locator('body').innerText();
  for (const spanish of ['Cifras', 'Volumen de Quejas', 'Volumen de Atenciones', 'Esta oficina', 'Quioscos'])
    expect(text).not.toContain(spanish);
  await axeClean(page);
  await shoot(page, '25-supervisor-figures', 'en');
});
