import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from '@playwright/test';
import { expect, openKiosk, test } from './fixtures';
import { startHost } from './support/host';
import { activationLinkOf } from './support/mail-capture';
import { plaintextFound } from './support/privacy';
import { e2eSeed, people } from './support/seed';
import * as step from './support/steps';

// the embedded central accepts this code, so a second kiosk can enroll with it (DESIGN §5)
const ENROLL = 'e2e-enroll-code-0001';
test.use({ hostOptions: { seed: e2eSeed, env: { CENTRAL_ENROLL_CODE: ENROLL } } });

/** María recovers with her email on file, up to the screen that waits for the phone. */
async function recoverWithEmailOnFileUntilActivation(page: Page, centralUrl: string): Promise<void> {
  const person = people.withClave;
  const bank = await step.questionBank(centralUrl);
  const typed = Object.fromEntries(
    person.securityAnswers.map((a) => [bank.find((q) => q.id === a.questionId)!.text['es-EC'], a.answer]),
  );
  await step.chooseOnWelcome(page, 'Recuperar clave');
  await step.identify(page, person.id);
  await step.answerChallenge(page, { ...person, typed });
  await step.accept(page, 'confirmIdentity');
  await step.chooseImage(page, 'Colibrí');
  await step.keepEmailOnFile(page);
  await step.accept(page, 'confirmEmail');
}

/** A central that records what reaches it and is down for everything. */
async function spyCentral(): Promise<{ url: string; paths: string[]; server: Server }> {
  const paths: string[] = [];
  const server = createServer((req, res) => {
    paths.push(req.url ?? '');
    res.writeHead(503).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, paths, server };
}

test('an invalid cédula gets a translated error and never reaches the central', async ({ page, mail }) => {
  const spy = await spyCentral();
  // with its enrollment code, so the kiosk offers the trámite while its central answers 503
  const host = await startHost({ env: { CENTRAL_URL: spy.url, KIOSK_ENROLL_CODE: 'codigo-1', SMTP_URL: mail.url } });
  try {
    await openKiosk(page, host.url);
    await step.chooseOnWelcome(page, 'Generar clave');
    await step.identify(page, '1714307104');
    const alert = page.getByRole('alert');
    await expect(alert).toBeVisible();
    await expect(alert).toContainText(/no es válido/i);
    await expect(alert).not.toContainText('invalid_id');
    // what was typed stays, so the person corrects one digit instead of starting over
    await expect(page.getByLabel('Cédula', { exact: true })).toHaveValue('1714307104');
    expect(spy.paths.filter((p) => p.includes('/identity/'))).toEqual([]);
  } finally {
    await host.stop();
    spy.server.close();
  }
});

test('five wrong answers lock the person here and on a second kiosk sharing the central', async ({
  kioskPage: page,
  kiosk,
  browser,
  mail,
}) => {
  const person = people.toLock;
  await step.chooseOnWelcome(page, 'Recuperar clave');
  await step.identify(page, person.id);
  for (let attempt = 1; attempt <= 4; attempt++) {
    await step.answerChallenge(page, { ...person, wrong: true });
    await step.waitForScreen(page, 'challenge');
    await expect(page.getByRole('alert')).toContainText(String(5 - attempt));
  }
  await step.answerChallenge(page, { ...person, wrong: true });
  await step.waitForScreen(page, 'locked');
  await step.shoot(page, '15-locked');

  const second = await startHost({
    env: { CENTRAL_URL: kiosk.centralUrl!, KIOSK_ENROLL_CODE: ENROLL, SMTP_URL: mail.url, KIOSK_ID: 'KIOSCO-02' },
  });
  try {
    const other = await browser.newPage({ viewport: { width: 1080, height: 1920 } });
    await openKiosk(other, second.url);
    await step.chooseOnWelcome(other, 'Recuperar clave');
    await step.identify(other, person.id);
    await step.waitForScreen(other, 'locked');
    // the lock stops the trámite at every kiosk; the clave the person already had is untouched
    expect(await step.portalLogin(kiosk.centralUrl!, person.id, 'Guayas1980x')).toBe(200);
  } finally {
    await second.stop();
  }
});

test.describe('activation link lifetime', () => {
  test.use({ hostOptions: { seed: e2eSeed, env: { ACTIVATION_TTL_SECONDS: '3' } } });

  test('an expired link is refused, nothing changes, and the kiosk offers RESEND', async ({
    kioskPage: page,
    kiosk,
    mail,
  }) => {
    const person = people.withClave;
    await recoverWithEmailOnFileUntilActivation(page, kiosk.centralUrl!);
    const message = await mail.waitFor((m) => m.subject === 'ACTIVACIÓN CLAVE');
    await expect(page.locator('[data-activation-expired="true"]')).toBeAttached({ timeout: 15_000 });
    await step.shoot(page, '16-activation-expired');

    const phone = await page.context().browser()!.newPage();
    const response = await phone.goto(activationLinkOf(message));
    expect(response?.status()).toBe(410);
    await expect(phone.locator('body')).toContainText(/venci|expir/i);
    await phone.close();
    await step.waitForScreen(page, 'activation');
    const resend = page.getByRole('button', { name: 'Reenviar correo' });
    await expect(resend).toBeEnabled();
    await resend.click();
    const again = await mail.waitFor((m) => m.subject === 'ACTIVACIÓN CLAVE' && m !== message);
    expect(activationLinkOf(again)).not.toBe(activationLinkOf(message));
    expect(await step.portalLogin(kiosk.centralUrl!, person.id, person.password)).toBe(200);

    // the person gives up: Cancelar ends the session, and nothing of them stays in the data dir
    await page.getByRole('button', { name: 'Cancelar', exact: true }).click();
    await page.getByRole('button', { name: 'Sí, cancelar', exact: true }).click();
    await step.waitForScreen(page, 'welcome');
    expect(
      plaintextFound(kiosk.dataDir, [person.id, person.email, ...person.securityAnswers.map((a) => a.answer)]),
    ).toEqual([]);
  });
});

test('a reused link is refused and the clave is set only once', async ({ kioskPage: page, kiosk, mail }) => {
  await recoverWithEmailOnFileUntilActivation(page, kiosk.centralUrl!);
  const link = activationLinkOf(await mail.waitFor((m) => m.subject === 'ACTIVACIÓN CLAVE'));
  const phone = await page.context().browser()!.newPage();
  expect((await phone.goto(link))?.status()).toBe(200);
  await phone.getByRole('button', { name: 'CLIC PARA CONTINUAR' }).click();
  await expect(phone.locator('body')).toContainText('Correo confirmado');
  await step.waitForScreen(page, 'declaration');
  const reused = await phone.goto(link);
  expect(reused?.status()).toBe(409);
  await expect(phone.locator('body')).toContainText(/ya fue usado|ya se usó|utilizado/i);
  const forged = await phone.goto(link.replace(/[^/]+$/, 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'));
  expect(forged?.status()).toBe(404);
  await phone.close();
  await step.waitForScreen(page, 'declaration');
});

test('a password that breaks each rule is refused with the rule named', async ({ kioskPage: page, kiosk, mail }) => {
  const person = people.noEmail;
  const bank = await step.questionBank(kiosk.centralUrl!);
  await step.chooseOnWelcome(page, 'Generar clave');
  await step.identify(page, person.id);
  await step.answerChallenge(page, person);
  await step.accept(page, 'confirmIdentity');
  await step.chooseSecurityQuestions(
    page,
    bank.slice(3, 6).map((q, i) => ({ text: q.text['es-EC'], answer: `respuesta ${i}` })),
  );
  await step.chooseImage(page, 'Llama');
  await step.registerEmail(page, person.email, '0987654321');
  await step.accept(page, 'confirmEmail');
  await page
    .context()
    .browser()!
    .newPage()
    .then(async (phone) => {
      await phone.goto(activationLinkOf(await mail.waitFor((m) => m.subject === 'ACTIVACIÓN CLAVE')));
      await phone.getByRole('button', { name: 'CLIC PARA CONTINUAR' }).click();
      await expect(phone.locator('body')).toContainText('Correo confirmado');
      await phone.close();
    });
  await step.declare(page);

  const cases: Array<{ password: string; rule: RegExp }> = [
    { password: 'Ab3xQ9', rule: /8 a 15/ },
    { password: 'Quito-2024x', rule: /letras sin tilde ni ñ, y números/ },
    { password: 'Rx1234Quilo', rule: /secuencia|1234/i },
    { password: `Z${person.id}`, rule: /cédula/i },
    { password: 'password1', rule: /común/i },
  ];
  for (const { password, rule } of cases) {
    await step.setPassword(page, password);
    await step.waitForScreen(page, 'password');
    await expect(page.getByRole('alert')).toContainText(rule);
  }
  await step.shoot(page, '17-password-rules');
  await step.setPassword(page, 'Chimborazo57', 'Chimborazo58');
  await expect(page.getByRole('alert')).toContainText(/no coinciden/i);
  expect(await step.portalLogin(kiosk.centralUrl!, person.id, 'Chimborazo57')).toBe(401);
});

test('asking to generate when a clave exists explains it and offers Recuperar, keeping the cédula', async ({
  kioskPage: page,
}) => {
  const person = people.withClave;
  await step.chooseOnWelcome(page, 'Generar clave');
  await step.identify(page, person.id);
  await step.waitForScreen(page, 'identify');
  await expect(page.getByRole('alert')).toContainText(/ya tiene una clave/);
  await page.getByRole('button', { name: 'Ir a Recuperar clave' }).click();
  await step.waitForScreen(page, 'challenge');
  await expect(page.getByText('Paso 3 de 9')).toBeVisible();
});

test('asking to recover when there is no clave yet offers Generar', async ({ kioskPage: page }) => {
  await step.chooseOnWelcome(page, 'Recuperar clave');
  await step.identify(page, people.noEmail.id);
  await expect(page.getByRole('alert')).toContainText(/todavía no tiene clave/);
  await page.getByRole('button', { name: 'Ir a Generar clave' }).click();
  await step.waitForScreen(page, 'challenge');
  await expect(page.getByText('Paso 3 de 11')).toBeVisible();
});
