import { mkdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { activationLinkOf, type CapturedMessage } from './support/mail-capture';
import { plaintextFound } from './support/privacy';
import { e2eSeed, people } from './support/seed';
import * as step from './support/steps';

test.use({ hostOptions: { seed: e2eSeed } });
mkdirSync('docs/screenshots/es-EC', { recursive: true });

/**
 * The person's phone: another browser context that opens the link from the email and taps
 * "CLIC PARA CONTINUAR" on the page (its POST is what confirms). Returns the POST's answer.
 */
async function openOnPhone(page: Page, link: string): Promise<{ status: number; text: string }> {
  const phone = await page
    .context()
    .browser()!
    .newContext({ viewport: { width: 390, height: 844 } });
  const tab = await phone.newPage();
  expect((await tab.goto(link))?.status()).toBe(200);
  const posted = tab.waitForResponse((r) => r.url() === link && r.request().method() === 'POST');
  await tab.getByRole('button', { name: 'CLIC PARA CONTINUAR' }).click();
  const response = await posted;
  await tab.waitForLoadState();
  const text = await tab.locator('body').innerText();
  await phone.close();
  return { status: response.status(), text };
}

const isActivation = (to: string) => (m: CapturedMessage) => m.subject === 'ACTIVACIÓN CLAVE' && m.to.includes(to);

test('Generar clave for an afiliado without email on file, then the portal accepts the new clave', async ({
  kioskPage: page,
  kiosk,
  mail,
}) => {
  const person = people.noEmail;
  const bank = await step.questionBank(kiosk.centralUrl!);
  const chosen = bank
    .slice(0, 3)
    .map((q, i) => ({ text: q.text['es-EC'], answer: ['Pelusa', 'Ambato', 'Ñandú Núñez'][i]! }));
  const newClave = 'Chimborazo57';

  await step.shoot(page, '01-welcome');
  await step.chooseOnWelcome(page, 'Generar clave');
  await step.waitForScreen(page, 'identify');
  await step.shoot(page, '02-identify');
  await step.identify(page, person.id);
  await step.waitForScreen(page, 'challenge');
  await expect(page.getByText('Paso 3 de 11')).toBeVisible();
  await step.shoot(page, '03-challenge');
  await step.answerChallenge(page, person);
  await step.waitForScreen(page, 'confirmIdentity');
  await step.shoot(page, '04-confirm-identity');
  await step.accept(page, 'confirmIdentity');
  await step.waitForScreen(page, 'securityQuestions');
  await step.shoot(page, '05-security-questions');
  await step.chooseSecurityQuestions(page, chosen);
  await step.waitForScreen(page, 'securityImage');
  await step.shoot(page, '06-security-image');
  await step.chooseImage(page, 'Cóndor');
  await step.waitForScreen(page, 'email');
  await step.shoot(page, '07-email');
  await step.registerEmail(page, person.email, '0991234567');
  await step.waitForScreen(page, 'confirmEmail');
  await step.shoot(page, '08-confirm-email');
  await step.accept(page, 'confirmEmail');

  await step.waitForScreen(page, 'activation');
  await expect(page.getByRole('img', { name: /QR/ })).toBeVisible();
  await step.shoot(page, '09-activation-wait');
  // the masked address is marked private: a triple tap selects nothing to copy off a shared screen
  const masked = page.locator('[data-private]').first();
  await expect(masked).toHaveText('c***i@e******.com');
  await masked.click({ clickCount: 3 });
  expect(await page.evaluate(() => window.getSelection()?.toString() ?? '')).toBe('');
  const message = await mail.waitFor(isActivation(person.email));
  const link = activationLinkOf(message);
  // the link travels only by email: never on the kiosk screen
  expect(await page.content()).not.toContain(link.split('/').pop()!);

  const phone = await openOnPhone(page, link);
  expect(phone.status).toBe(200);
  await step.waitForScreen(page, 'declaration');
  await step.shoot(page, '10-declaration');
  await step.declare(page);
  await step.waitForScreen(page, 'password');
  await step.shoot(page, '11-password');
  // the clave keyboard offers only what the policy accepts: A–Z, a–z, 0–9 (and Shift, Borrar)
  const keys = await page.getByRole('group', { name: 'Teclado', exact: true }).getByRole('button').allInnerTexts();
  const typing = keys.map((k) => k.replace(/[⇧⌫]/g, '').trim()).filter((k) => k !== 'Mayúsculas' && k !== 'Borrar');
  expect(typing.length).toBe(36);
  expect(typing.filter((k) => !/^[A-Za-z0-9]$/.test(k))).toEqual([]);
  await step.setPassword(page, newClave);
  await step.waitForScreen(page, 'done');
  await step.shoot(page, '12-done');
  const notice = await mail.waitFor((m) => m.to.includes(person.email) && m.subject !== 'ACTIVACIÓN CLAVE');
  expect(notice.text).toMatch(/KIOSCO-01|IESS Quito Centro/);
  await step.finish(page);

  expect(await step.portalLogin(kiosk.centralUrl!, person.id, newClave)).toBe(200);
  expect(await step.portalLogin(kiosk.centralUrl!, person.id, 'Chimborazo58')).toBe(401);

  // then Recuperar clave, answering the security questions this flow set
  await step.chooseOnWelcome(page, 'Recuperar clave');
  await step.identify(page, person.id);
  await step.waitForScreen(page, 'challenge');
  await step.answerChallenge(page, {
    ...person,
    typed: Object.fromEntries(chosen.map((c) => [c.text, c.answer.toUpperCase()])),
  });
  await step.accept(page, 'confirmIdentity');
  await step.chooseImage(page, 'Cóndor');
  // an address registered at a kiosk is not data updated in person: it is typed again (DESIGN §2 step 7)
  await step.registerEmail(page, person.email);
  await step.accept(page, 'confirmEmail');
  await step.waitForScreen(page, 'activation');
  const second = await mail.waitFor((m) => isActivation(person.email)(m) && m !== message);
  expect((await openOnPhone(page, activationLinkOf(second))).status).toBe(200);
  await step.declare(page);
  await step.setPassword(page, 'Tungurahua83');
  await step.finish(page);
  expect(await step.portalLogin(kiosk.centralUrl!, person.id, 'Tungurahua83')).toBe(200);
  expect(await step.portalLogin(kiosk.centralUrl!, person.id, newClave)).toBe(401);

  const leaks = plaintextFound(kiosk.dataDir, [
    person.id,
    person.email,
    newClave,
    'Tungurahua83',
    ...chosen.map((c) => c.answer),
    '0991234567',
  ]);
  expect(leaks).toEqual([]);
});

test('Recuperar clave for an afiliado whose email is on file', async ({ kioskPage: page, kiosk, mail }) => {
  const person = people.withClave;
  const bank = await step.questionBank(kiosk.centralUrl!);
  const typed = Object.fromEntries(
    person.securityAnswers.map((a) => [bank.find((q) => q.id === a.questionId)!.text['es-EC'], a.answer]),
  );

  await step.chooseOnWelcome(page, 'Recuperar clave');
  await step.identify(page, person.id);
  await step.waitForScreen(page, 'challenge');
  await expect(page.getByText('Paso 3 de 9')).toBeVisible();
  await step.answerChallenge(page, { ...person, typed });
  await step.accept(page, 'confirmIdentity');
  await step.waitForScreen(page, 'securityImage');
  await expect(page.getByRole('radio')).toHaveCount(9);
  await step.shoot(page, '13-recover-pick-image');
  await step.chooseImage(page, 'Colibrí');
  await step.waitForScreen(page, 'email');
  await expect(page.getByText('m***a@e******.com')).toBeVisible();
  await step.shoot(page, '14-recover-email-on-file');
  await step.keepEmailOnFile(page);
  await step.accept(page, 'confirmEmail');
  const message = await mail.waitFor(isActivation(person.email));
  const link = activationLinkOf(message);
  // a mail scanner's HEAD and GET confirm nothing: the kiosk keeps waiting, and the link still
  // offers its button (a confirmed one would answer "ya fue utilizado")
  expect((await page.request.head(link)).status()).toBe(200);
  const scanned = await page.request.get(link);
  expect(scanned.status()).toBe(200);
  expect(await scanned.text()).toContain('CLIC PARA CONTINUAR');
  await step.waitForScreen(page, 'activation');
  expect((await openOnPhone(page, link)).status).toBe(200);
  await step.declare(page);
  await step.setPassword(page, 'Pichincha1822');
  await step.finish(page);
  expect(await step.portalLogin(kiosk.centralUrl!, person.id, 'Pichincha1822')).toBe(200);
  expect(await step.portalLogin(kiosk.centralUrl!, person.id, person.password)).toBe(401);
  expect(
    plaintextFound(kiosk.dataDir, [
      person.id,
      person.email,
      'Pichincha1822',
      ...person.securityAnswers.map((a) => a.answer),
    ]),
  ).toEqual([]);
});
