import { mkdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { activationLinkOf } from './support/mail-capture';
import { e2eSeed, people } from './support/seed';
import * as step from './support/steps';
import { openOnPhone } from './support/touch';

test.use({ hostOptions: { seed: e2eSeed } });
mkdirSync('docs/screenshots/es-EC/way-back', { recursive: true });

const person = people.noEmail;
const TYPO = 'carlos.pilatazi@example.com';
const MOBILE = '0991234567';
const back = (page: Page) => page.getByRole('button', { name: 'Volver', exact: true });

async function toConfirmIdentity(page: Page): Promise<void> {
  await step.chooseOnWelcome(page, 'Generar clave');
  await step.identify(page, person.id);
  await step.answerChallenge(page, person);
  await step.waitForScreen(page, 'confirmIdentity');
}

async function toEmail(page: Page, centralUrl: string): Promise<void> {
  const bank = await step.questionBank(centralUrl);
  const chosen = bank.slice(0, 3).map((q, i) => ({ text: q.text['es-EC'], answer: ['Pelusa', 'Ambato', 'Quito'][i]! }));
  await toConfirmIdentity(page);
  await step.accept(page, 'confirmIdentity');
  await step.chooseSecurityQuestions(page, chosen);
  await step.chooseImage(page, 'Cóndor');
  await step.waitForScreen(page, 'email');
}

test('"Corregir" on the email confirm goes back to the email with what was typed; Volver is gone once the activation is confirmed', async ({
  kioskPage: page,
  kiosk,
  mail,
}) => {
  await toEmail(page, kiosk.centralUrl!);
  await expect(back(page)).toBeVisible();
  await step.registerEmail(page, TYPO, MOBILE);
  await step.waitForScreen(page, 'confirmEmail');
  // the address just typed, in full and large, to be checked before the mail goes out
  await expect(page.getByTestId('typed-email')).toHaveText(TYPO);
  await step.shoot(page, 'way-back/01-confirm-email-corregir');
  const portrait = page.viewportSize()!;
  await page.setViewportSize({ width: 1920, height: 1080 });
  await step.shoot(page, 'way-back/01-confirm-email-corregir-landscape');
  await page.setViewportSize(portrait);
  await page.getByRole('button', { name: 'Corregir', exact: true }).click();

  await step.waitForScreen(page, 'email');
  await expect(page.getByLabel('Correo electrónico', { exact: true })).toHaveValue(TYPO);
  await expect(page.getByLabel('Confirmar correo', { exact: true })).toHaveValue(TYPO);
  await expect(page.getByLabel('Celular', { exact: true })).toHaveValue(MOBILE);
  await step.shoot(page, 'way-back/02-email-kept');
  await step.registerEmail(page, person.email, MOBILE);
  await step.waitForScreen(page, 'confirmEmail');
  await expect(page.getByTestId('typed-email')).toHaveText(person.email);
  await step.accept(page, 'confirmEmail');

  // the mail went out: no way back from the wait, nor once the activation is confirmed
  await step.waitForScreen(page, 'activation');
  await expect(back(page)).toHaveCount(0);
  const message = await mail.waitFor((m) => m.subject === 'ACTIVACIÓN CLAVE' && m.to.includes(person.email));
  expect(await openOnPhone(page, activationLinkOf(message))).toBe(200);
  await step.waitForScreen(page, 'declaration');
  await expect(back(page)).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Corregir', exact: true })).toHaveCount(0);
  await step.shoot(page, 'way-back/03-declaration-no-way-back');
  // only the typo's owner would have got a mail to the first address: none was sent
  expect(mail.messages.some((m) => m.to.includes(TYPO))).toBe(false);
});

test('"No soy yo" returns to the identity entry with nothing of that person shown', async ({ kioskPage: page }) => {
  await toConfirmIdentity(page);
  const maskedName = (await page.locator('[data-private]').first().innerText()).trim();
  expect(maskedName.length).toBeGreaterThan(0);
  await expect(back(page)).toHaveCount(0); // no Volver onto the answered questions
  await step.shoot(page, 'way-back/04-confirm-identity-no-soy-yo');
  const portrait = page.viewportSize()!;
  await page.setViewportSize({ width: 1920, height: 1080 });
  await step.shoot(page, 'way-back/04-confirm-identity-no-soy-yo-landscape');
  await page.setViewportSize(portrait);
  await page.getByRole('button', { name: 'No soy yo', exact: true }).click();

  await step.waitForScreen(page, 'identify');
  await expect(page.getByLabel('Cédula', { exact: true })).toHaveValue('');
  const shown = await page.locator('body').innerText();
  expect(shown).not.toContain(maskedName);
  expect(shown).not.toContain(person.id);
  expect(await page.content()).not.toContain(person.id);
  await step.shoot(page, 'way-back/05-identify-after-no-soy-yo');
});
