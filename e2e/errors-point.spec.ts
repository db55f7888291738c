import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { e2eSeed, people } from './support/seed';
import * as step from './support/steps';

test.use({ hostOptions: { seed: e2eSeed } });

/** The field carries the error: aria-invalid, the message linked by aria-describedby, the focus. */
async function expectPointedAt(page: Page, label: string, message: RegExp): Promise<void> {
  const field = page.getByLabel(label, { exact: true });
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(field).toBeFocused();
  const describedBy = (await field.getAttribute('aria-describedby')) ?? '';
  const ids = describedBy.split(' ').filter(Boolean);
  expect(ids.length).toBeGreaterThan(0);
  const texts = await Promise.all(ids.map((id) => page.locator(`[id="${id}"]`).innerText()));
  expect(texts.join(' ')).toMatch(message);
  // the summary at the top links to the same field
  const link = page.getByRole('alert').getByRole('link');
  await expect(link).toHaveText(message);
  await expect(link).toHaveAttribute('href', `#${await field.getAttribute('id')}`);
}

async function toEmailScreen(page: Page, centralUrl: string): Promise<void> {
  const person = people.noEmail;
  const bank = await step.questionBank(centralUrl);
  const chosen = bank.slice(0, 3).map((q, i) => ({ text: q.text['es-EC'], answer: ['Pelusa', 'Ambato', 'Quito'][i]! }));
  await step.chooseOnWelcome(page, 'Generar clave');
  await step.identify(page, person.id);
  await step.answerChallenge(page, person);
  await step.accept(page, 'confirmIdentity');
  await step.chooseSecurityQuestions(page, chosen);
  await step.chooseImage(page, 'Cóndor');
  await step.waitForScreen(page, 'email');
}

test('each error on the email screen names its field, marks it and takes the focus there', async ({
  kioskPage: page,
  kiosk,
}) => {
  await toEmailScreen(page, kiosk.centralUrl!);
  const continuar = page.getByRole('button', { name: 'CONTINUAR', exact: true });

  await continuar.click();
  await expectPointedAt(page, 'Correo electrónico', /Escriba su correo electrónico/);

  await page.getByLabel('Correo electrónico', { exact: true }).fill('ana@example.com');
  await page.getByLabel('Confirmar correo', { exact: true }).fill('ana@example.con');
  await continuar.click();
  await expectPointedAt(page, 'Confirmar correo', /no coinciden/);
  // the other field is no longer marked
  await expect(page.getByLabel('Correo electrónico', { exact: true })).not.toHaveAttribute('aria-invalid', 'true');

  await page.getByLabel('Confirmar correo', { exact: true }).fill('ana@example.com');
  await continuar.click();
  await expectPointedAt(page, 'Celular', /celular: 10 dígitos, empieza con 09/);
  await step.shoot(page, '21-error-points');

  await page.getByLabel('Celular', { exact: true }).fill('0891234567');
  await continuar.click();
  await expectPointedAt(page, 'Celular', /celular: 10 dígitos, empieza con 09/);

  await page.getByLabel('Celular', { exact: true }).fill('0991234567');
  await page.getByLabel('Teléfono convencional', { exact: true }).fill('0991234567');
  await continuar.click();
  await expectPointedAt(page, 'Teléfono convencional', /código de provincia/);

  // the summary link takes the focus back to the field
  await page.getByLabel('Celular', { exact: true }).focus();
  await page.getByRole('alert').getByRole('link').click();
  await expect(page.getByLabel('Teléfono convencional', { exact: true })).toBeFocused();

  await page.getByLabel('Teléfono convencional', { exact: true }).fill('');
  await continuar.click();
  await step.waitForScreen(page, 'confirmEmail');
});

test('a cédula the core refuses is pointed at the cédula field', async ({ kioskPage: page }) => {
  await step.chooseOnWelcome(page, 'Generar clave');
  await step.waitForScreen(page, 'identify');
  await page.getByRole('checkbox', { name: 'No soy un robot' }).check();
  await page.getByRole('button', { name: 'BUSCAR', exact: true }).click();
  await expectPointedAt(page, 'Cédula', /número de documento/);

  await page.getByLabel('Cédula', { exact: true }).fill('1714307104');
  await page.getByRole('checkbox', { name: 'No soy un robot' }).uncheck();
  await page.getByRole('checkbox', { name: 'No soy un robot' }).check();
  await page.getByRole('button', { name: 'BUSCAR', exact: true }).click();
  await step.waitForScreen(page, 'identify');
  await expectPointedAt(page, 'Cédula', /no es válido/);
});
