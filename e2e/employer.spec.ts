import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import type { CapturedMessage } from './support/mail-capture';
import { e2eSeed } from './support/seed';
import * as step from './support/steps';

test.use({ hostOptions: { seed: e2eSeed } });

const employer = e2eSeed.employers[0]!;
const isCode = (m: CapturedMessage) => m.subject === 'CÓDIGO DE CONFIRMACIÓN' && m.to.includes(employer.email);
const codeOf = (m: CapturedMessage) => {
  const code = /\b(\d{6})\b/.exec(m.text)?.[1];
  if (!code) throw new Error('no 6-digit code in the mail');
  return code;
};

async function identifyEmployer(
  page: Page,
  legalRepId: string,
  who: { ruc: string; branch: string } = employer,
): Promise<void> {
  await step.chooseOnWelcome(page, 'Clave de empleador');
  await step.waitForScreen(page, 'employerIdentify');
  await page.getByLabel('RUC', { exact: true }).fill(who.ruc);
  await page.getByLabel('Sucursal', { exact: true }).fill(who.branch);
  await page.getByLabel('Cédula del representante legal', { exact: true }).fill(legalRepId);
  await page.getByRole('checkbox', { name: 'No soy un robot' }).check();
  await page.getByRole('button', { name: 'BUSCAR', exact: true }).click();
}

async function typeCode(page: Page, code: string): Promise<void> {
  await step.waitForScreen(page, 'employerCode');
  await page.getByLabel('Código de confirmación', { exact: true }).fill(code);
  await page.getByRole('button', { name: 'CONTINUAR', exact: true }).click();
}

test('an employer recovers the clave with RUC, branch, legal representative and an emailed code', async ({
  kioskPage: page,
  kiosk,
  mail,
}) => {
  await identifyEmployer(page, employer.legalRepId);
  await step.waitForScreen(page, 'employerCode');
  await expect(page.getByText('r***h@e******.com')).toBeVisible();
  await step.shoot(page, '18-employer-code');
  const message = await mail.waitFor(isCode);
  await typeCode(page, codeOf(message));
  await step.declare(page);
  await step.setPassword(page, 'Andina2031x');
  await step.waitForScreen(page, 'done');
  await step.finish(page);
  expect(await step.portalLogin(kiosk.centralUrl!, employer.ruc, 'Andina2031x')).toBe(200);
  expect(await step.portalLogin(kiosk.centralUrl!, employer.ruc, 'Andina2031y')).toBe(401);
});

test('a wrong legal representative is refused without saying which field was wrong', async ({
  kioskPage: page,
  mail,
}) => {
  await identifyEmployer(page, '1714307103');
  const alert = page.getByRole('alert');
  await expect(alert).toBeVisible();
  const wrongRepresentative = await alert.innerText();
  await step.waitForScreen(page, 'employerIdentify');
  // what was typed stays for the person to check
  await expect(page.getByLabel('RUC', { exact: true })).toHaveValue(employer.ruc);
  await expect(page.getByLabel('Cédula del representante legal', { exact: true })).toHaveValue('1714307103');

  // a wrong branch with the right representative reads exactly the same: nothing tells which field was off
  await page.getByLabel('Sucursal', { exact: true }).fill('002');
  await page.getByLabel('Cédula del representante legal', { exact: true }).fill(employer.legalRepId);
  await page.getByRole('button', { name: 'BUSCAR', exact: true }).click();
  await step.waitForScreen(page, 'employerIdentify');
  await expect(alert).toHaveText(wrongRepresentative);
  expect(mail.messages.filter(isCode)).toEqual([]);
});

test('five wrong codes lock the employer trámite', async ({ kioskPage: page, kiosk, mail }) => {
  await identifyEmployer(page, employer.legalRepId);
  const right = codeOf(await mail.waitFor(isCode));
  const wrong = right === '000000' ? '111111' : '000000';
  for (let attempt = 1; attempt <= 4; attempt++) {
    await typeCode(page, wrong);
    await step.waitForScreen(page, 'employerCode');
    await expect(page.getByRole('alert')).toContainText(String(5 - attempt));
  }
  await typeCode(page, wrong);
  await step.waitForScreen(page, 'locked');
  expect(await step.portalLogin(kiosk.centralUrl!, employer.ruc, 'Andina2031x')).toBe(401);
});

test('a company RUC that fails the mod-11 check but is known to the central goes through', async ({
  kioskPage: page,
  mail,
}) => {
  const importer = e2eSeed.employers[1]!;
  await identifyEmployer(page, importer.legalRepId, importer);
  await step.waitForScreen(page, 'employerCode');
  const message = await mail.waitFor((m) => m.subject === 'CÓDIGO DE CONFIRMACIÓN' && m.to.includes(importer.email));
  expect(codeOf(message)).toMatch(/^\d{6}$/);
});

test.describe('confirmation code lifetime', () => {
  test.use({ hostOptions: { seed: e2eSeed, env: { EMPLOYER_CODE_TTL_SECONDS: '3' } } });

  test('an expired code is refused with the way forward, and nothing changes', async ({
    kioskPage: page,
    kiosk,
    mail,
  }) => {
    await identifyEmployer(page, employer.legalRepId);
    const code = codeOf(await mail.waitFor(isCode));
    await step.waitForScreen(page, 'employerCode');
    // the screen says so by itself once the code's time is up, and RESEND is offered at once
    await expect(page.getByRole('status').filter({ hasText: 'venció' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Reenviar código' })).toBeEnabled();
    // the person types the old code anyway: the central refuses it
    await typeCode(page, code);
    await step.waitForScreen(page, 'employerCode');
    await expect(page.getByRole('alert')).toContainText(/venció/);
    expect(await step.portalLogin(kiosk.centralUrl!, employer.ruc, 'Andina2031x')).toBe(401);
  });
});
