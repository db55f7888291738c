import { mkdirSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import smpp from 'smpp';
import type { Pdu, Server, Session } from 'smpp';
import { expect, openKiosk, test } from './fixtures';
import { startHost } from './support/host';
import { plaintextFound } from './support/privacy';
import { e2eSeed, people } from './support/seed';
import * as step from './support/steps';

mkdirSync('docs/screenshots/es-EC', { recursive: true });

const MOBILE = '0991234567';
const person = people.withClave;
// the e2e seed with a mobile on file for María: the SMS goes only to a number the central holds
const seed = {
  ...e2eSeed,
  afiliados: e2eSeed.afiliados.map((a) => (a.id === person.id ? { ...a, mobile: MOBILE } : a)),
};

/** The operator's SMS centre: the smpp package's own server on 127.0.0.1, keeping each submit_sm. */
async function smsCentre() {
  const received: { destination: string; text: string }[] = [];
  const sessions = new Set<Session>();
  const server: Server = smpp.createServer((session) => {
    sessions.add(session);
    session.on('error', () => undefined);
    session.on('bind_transmitter', (pdu: Pdu) => {
      const ok = pdu.system_id === 'iess' && pdu.password === 's3cret';
      session.send(pdu.response(ok ? {} : { command_status: smpp.ESME_RBINDFAIL }));
    });
    session.on('submit_sm', (pdu: Pdu) => {
      const message = pdu.short_message;
      const text =
        typeof message === 'object' && message !== null && 'message' in message ? String(message.message) : '';
      received.push({ destination: pdu.destination_addr ?? '', text });
      session.send(pdu.response({ message_id: `msg-${received.length}` }));
    });
    session.on('unbind', (pdu: Pdu) => session.send(pdu.response()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    port,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sessions) s.destroy();
        server.close(() => resolve());
      }),
  };
}

async function axeClean(page: Page, where: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  expect(
    results.violations.map((v) => ({ rule: v.id, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) })),
    `axe on ${where}`,
  ).toEqual([]);
}

/** Portrait (the test's viewport) and landscape screenshots of the screen as it is. */
async function shootBoth(page: Page, name: string): Promise<void> {
  await step.shoot(page, name);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await step.shoot(page, `${name}-landscape`);
  await page.setViewportSize({ width: 1080, height: 1920 });
}

test('Recuperar clave by an SMS code from a real SMPP server, then the portal accepts the new clave', async ({
  page,
  mail,
}) => {
  test.setTimeout(180_000);
  const centre = await smsCentre();
  const kiosk = await startHost({
    seed,
    env: { SMTP_URL: mail.url, SMS_URL: `smpp://iess:s3cret@127.0.0.1:${centre.port}` },
  });
  try {
    await openKiosk(page, kiosk.url);
    const bank = await step.questionBank(kiosk.centralUrl!);
    const typed = Object.fromEntries(
      person.securityAnswers.map((a) => [bank.find((q) => q.id === a.questionId)!.text['es-EC'], a.answer]),
    );
    await step.chooseOnWelcome(page, 'Recuperar clave');
    await step.identify(page, person.id);
    await step.waitForScreen(page, 'challenge');
    await step.answerChallenge(page, { ...person, typed });
    await step.accept(page, 'confirmIdentity');
    await step.chooseImage(page, 'Colibrí');
    await step.keepEmailOnFile(page);
    await step.accept(page, 'confirmEmail');
    await step.waitForScreen(page, 'activation');

    // the choice, with the number masked: never in full on screen
    const choice = page.getByRole('button', { name: 'Recibir un código por SMS' });
    await expect(choice).toBeVisible();
    await expect(page.getByText('09*****567')).toBeVisible();
    await expect(page.locator('body')).not.toContainText(MOBILE);
    await axeClean(page, 'activation with the SMS choice');
    await shootBoth(page, '20-sms-choice');
    expect(centre.received).toHaveLength(0);
    await choice.click();

    const field = page.getByLabel('Código de confirmación', { exact: true });
    await expect(field).toBeVisible();
    await expect.poll(() => centre.received.length).toBe(1);
    const sms = centre.received[0]!;
    // national 0991234567 or international 593991234567: the registered number either way
    expect(sms.destination).toMatch(/^(0|593)991234567$/);
    expect(sms.text.length).toBeLessThanOrEqual(160);
    const code = /\b(\d{6})\b/.exec(sms.text)?.[1];
    expect(code).toMatch(/^\d{6}$/);
    await expect(page.locator('body')).not.toContainText(code!);
    await expect(page.locator('body')).not.toContainText(MOBILE);

    // a wrong code first: the tries left are said
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    await field.fill(wrong);
    await page.getByRole('button', { name: 'CONTINUAR', exact: true }).click();
    await expect(page.getByText('El código no es correcto. Revise el SMS')).toBeVisible();
    await expect(page.getByText('Le quedan 4 intentos').first()).toBeVisible();
    await field.fill('');
    await axeClean(page, 'SMS code keypad');
    await shootBoth(page, '21-sms-code');

    // typed on the keypad, as a person would
    const keypad = page.getByRole('group', { name: /teclado/i });
    await field.click();
    for (const digit of code!) await keypad.getByRole('button', { name: digit, exact: true }).click();
    await expect(field).toHaveValue(code!);
    await page.getByRole('button', { name: 'CONTINUAR', exact: true }).click();
    await step.declare(page);
    await step.setPassword(page, 'Imbabura62x');
    await step.finish(page);
    expect(centre.received).toHaveLength(1);
    expect(await step.portalLogin(kiosk.centralUrl!, person.id, 'Imbabura62x')).toBe(200);

    // nothing of the mobile (nor the code) stays on the kiosk
    expect(plaintextFound(kiosk.dataDir, [MOBILE, '593991234567', code!, person.id, 'Imbabura62x'])).toEqual([]);
  } finally {
    await kiosk.stop();
    await centre.close();
  }
});
