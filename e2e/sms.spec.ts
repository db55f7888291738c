import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import Database from 'better-sqlite3';
import type { Locator, Page } from '@playwright/test';
import smpp from 'smpp';
import type { Pdu, Server, Session } from 'smpp';
import { mountings, reachBand } from '../renderer/lib/layout/reach';
import { expect, openKiosk, test } from './fixtures';
import { startCentralProcess } from './support/central-process';
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

/**
 * The operator's SMS centre: the smpp package's own server on 127.0.0.1, keeping each submit_sm.
 * `refuse.submit` set: every submit_sm is answered with a passing failure (the centre is busy).
 */
async function smsCentre() {
  const refuse = { submit: false };
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
      session.send(
        pdu.response(refuse.submit ? { command_status: smpp.ESME_RSYSERR } : { message_id: `msg-${received.length}` }),
      );
    });
    session.on('unbind', (pdu: Pdu) => session.send(pdu.response()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    port,
    received,
    refuse,
    /** the 6-digit code in the latest message */
    lastCode: () => /\b(\d{6})\b/.exec(received.at(-1)?.text ?? '')?.[1] ?? '',
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

/**
 * The control is on screen without scrolling and inside the reach band of the mounting (the
 * same band, from renderer/lib/layout/reach.ts, that e2e/layout-reach.spec.ts checks); what a
 * phone reads and no hand touches (the QR) need only be on screen whole (`seenOnly`).
 */
async function expectInReach(
  page: Page,
  control: Locator,
  mounting: 'portrait' | 'landscape',
  where: string,
  seenOnly = false,
) {
  const band = seenOnly ? { top: 0, bottom: Infinity } : reachBand(mountings[mounting]);
  await page.locator('main.content').evaluate((el) => el.scrollTo(0, 0));
  await expect(page.locator('html')).toHaveAttribute('data-busy', 'false');
  // a socket reconnect's status line takes room for a moment (a resize can cause one)
  await expect(page.locator('html')).toHaveAttribute('data-connected', 'true');
  const visible = (await page.locator('main.content').boundingBox())!;
  const box = (await control.boundingBox())!;
  const top = Math.round(box.y);
  const bottom = Math.round(box.y + box.height);
  const range = `reach ${band.top}–${band.bottom}, screen ${Math.round(visible.y)}–${Math.round(visible.y + visible.height)}`;
  expect(top, `${where}: top edge (${range})`).toBeGreaterThanOrEqual(Math.max(band.top, Math.floor(visible.y)));
  expect(bottom, `${where}: bottom edge (${range})`).toBeLessThanOrEqual(
    Math.min(band.bottom, Math.ceil(visible.y + visible.height)),
  );
}

async function textSize(page: Page, size: 'Normal' | 'Grande'): Promise<void> {
  await page.getByRole('button', { name: 'Pantalla', exact: true }).click();
  await page
    .getByRole('group', { name: 'Ajustes de pantalla' })
    .getByRole('button', { name: size, exact: true })
    .click();
  await page.getByRole('button', { name: 'Cerrar', exact: true }).click();
  if (size === 'Normal') await expect(page.locator('html')).not.toHaveClass(/text-large/);
  else await expect(page.locator('html')).toHaveClass(/text-large/);
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
    // in reach without scrolling: portrait at Grande (the default) and Normal, and landscape
    await expectInReach(page, choice, 'portrait', 'SMS choice, portrait, Grande');
    await expectInReach(page, page.getByRole('img', { name: /QR/ }), 'portrait', 'QR, portrait, Grande', true);
    await textSize(page, 'Normal');
    await expectInReach(page, choice, 'portrait', 'SMS choice, portrait, Normal');
    await page.setViewportSize({ width: 1920, height: 1080 });
    await expectInReach(page, choice, 'landscape', 'SMS choice, landscape, Normal');
    await textSize(page, 'Grande');
    await expectInReach(page, choice, 'landscape', 'SMS choice, landscape, Grande');
    await expectInReach(page, page.getByRole('button', { name: 'Reenviar correo' }), 'landscape', 'RESEND, landscape');
    await page.setViewportSize({ width: 1080, height: 1920 });
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

/** A central of its own (`npm run central`) with its data in a folder the test can open. */
async function centralWithDataDir(options: { smsPort: number; smtpUrl: string }) {
  const central = await startCentralProcess({
    enrollCode: ENROLL_CODE,
    seed: { value: seed },
    env: { SMTP_URL: options.smtpUrl, SMS_URL: `smpp://iess:s3cret@127.0.0.1:${options.smsPort}` },
  });
  return {
    ...central,
    db: () => {
      const db = new Database(join(central.dataDir, 'central.db'));
      db.pragma('busy_timeout = 5000');
      return db;
    },
  };
}
const ENROLL_CODE = 'sms-e2e-enroll-code';

/** María's recovery from the welcome screen to the activation wait with the SMS choice. */
async function recoverToActivation(page: Page, centralUrl: string): Promise<void> {
  const bank = await step.questionBank(centralUrl);
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
}

const codeField = (page: Page) => page.getByLabel('Código de confirmación', { exact: true });

/** An SMS centre, a central of its own with its data dir, and a kiosk enrolled at it. */
async function standWithCentral(smtpUrl: string) {
  const centre = await smsCentre();
  const central = await centralWithDataDir({ smsPort: centre.port, smtpUrl });
  const kiosk = await startHost({
    env: { CENTRAL_URL: central.url, KIOSK_ID: 'KIOSCO-SMS', KIOSK_ENROLL_CODE: ENROLL_CODE },
  });
  return {
    centre,
    central,
    kiosk,
    stop: async () => {
      await kiosk.stop();
      await central.stop();
      await centre.close();
    },
  };
}
type Stand = Awaited<ReturnType<typeof standWithCentral>>;

/** María up to the SMS keypad, with the one code the SMS centre received. */
async function firstCodeSent(page: Page, s: Stand): Promise<void> {
  await openKiosk(page, s.kiosk.url);
  await recoverToActivation(page, s.central.url);
  await page.getByRole('button', { name: 'Recibir un código por SMS' }).click();
  await expect(codeField(page)).toBeVisible();
  await expect.poll(() => s.centre.received.length).toBe(1);
}

async function typeCode(page: Page, code: string): Promise<void> {
  await codeField(page).fill(code);
  await page.getByRole('button', { name: 'CONTINUAR', exact: true }).click();
}

test('five wrong SMS codes lock the SMS way: the person is told, the right code has nowhere to go, and the lock holds for a new attempt', async ({
  page,
  mail,
}) => {
  test.setTimeout(240_000);
  const stand = await standWithCentral(mail.url);
  const { centre, central } = stand;
  try {
    await firstCodeSent(page, stand);
    const code = centre.lastCode();
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    for (const left of [4, 3, 2, 1]) {
      await typeCode(page, wrong);
      await expect(page.getByText('El código no es correcto. Revise el SMS')).toBeVisible();
      await expect(
        page.getByText(`Le ${left === 1 ? 'queda 1 intento' : `quedan ${left} intentos`}`).first(),
      ).toBeVisible();
    }
    await typeCode(page, wrong);
    // what the person sees: the SMS way closed, in words, and the email link still there
    await step.waitForScreen(page, 'activation');
    await expect(page.getByText('Se escribió un código equivocado demasiadas veces')).toBeVisible();
    await expect(codeField(page)).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Recibir un código por SMS' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Reenviar correo' })).toBeVisible();
    await step.shoot(page, '23-sms-locked');

    // the right code is refused at the central: the 5th wrong one voided it (spent) and the
    // person's SMS way is locked, whichever kiosk or grant asks next
    const db = central.db();
    try {
      const row = db.prepare('select spent, confirmed_at from sms_code order by created_at desc limit 1').get() as {
        spent: number;
        confirmed_at: number | null;
      };
      expect(row).toEqual({ spent: 1, confirmed_at: null });
      const afiliado = db.prepare('select sms_locked_until from afiliado where id = ?').get(person.id) as {
        sms_locked_until: number | null;
      };
      expect(afiliado.sms_locked_until).toBeGreaterThan(Date.now());
    } finally {
      db.close();
    }

    // starting over at the kiosk gives no new chance: a fresh verification finds the SMS closed
    await page.getByRole('button', { name: 'Cancelar', exact: true }).click();
    await page.getByRole('button', { name: 'Sí, cancelar' }).click();
    await recoverToActivation(page, central.url);
    await expect(page.getByText('Se escribió un código equivocado demasiadas veces')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Recibir un código por SMS' })).toHaveCount(0);
    expect(centre.received).toHaveLength(1);
  } finally {
    await stand.stop();
  }
});

test('an expired SMS code is refused with RESEND offered, and the resent code works', async ({ page, mail }) => {
  test.setTimeout(240_000);
  const stand = await standWithCentral(mail.url);
  const { centre, central } = stand;
  try {
    await firstCodeSent(page, stand);
    const first = centre.lastCode();

    // Expiry without a test-only mode in the shipped central and without waiting 5 minutes: the
    // code's row is aged in the central's own database (the central that a technician runs,
    // with its data dir), exactly the state five minutes would leave. The central judges expiry
    // from that row at verify time; the kiosk only learns it from the central's answer.
    const db = central.db();
    try {
      const aged = db
        .prepare('update sms_code set expires_at = ? where confirmed_at is null and spent = 0')
        .run(Date.now() - 1_000);
      expect(aged.changes).toBe(1);
    } finally {
      db.close();
    }

    await typeCode(page, first);
    await expect(page.locator('[data-sms-expired="true"]')).toBeVisible();
    await expect(page.getByText('El código venció. Toque «Reenviar código»')).toBeVisible();
    // the expired try was not counted
    await expect(page.getByText('Le quedan 5 intentos')).toBeVisible();
    const resend = page.getByRole('button', { name: 'Reenviar código' });
    await expect(resend).toBeEnabled();
    await step.shoot(page, '23-sms-expired');
    await resend.click();
    await expect.poll(() => centre.received.length).toBe(2);
    const second = centre.lastCode();
    await expect(page.locator('[data-sms-expired="false"]')).toBeVisible();
    await typeCode(page, second);
    await step.declare(page);
    await step.setPassword(page, 'Imbabura62x');
    await step.finish(page);
    expect(await step.portalLogin(central.url, person.id, 'Imbabura62x')).toBe(200);
  } finally {
    await stand.stop();
  }
});

/** A port on 127.0.0.1 where nothing listens: an SMTP server that is down. */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

test('the activation email cannot be sent: the SMS code is offered all the same and leads on', async ({ page }) => {
  test.setTimeout(180_000);
  const centre = await smsCentre();
  const kiosk = await startHost({
    seed,
    env: {
      SMTP_URL: `smtp://127.0.0.1:${await deadPort()}`,
      SMS_URL: `smpp://iess:s3cret@127.0.0.1:${centre.port}`,
    },
  });
  try {
    await openKiosk(page, kiosk.url);
    await recoverToActivation(page, kiosk.centralUrl!);
    await expect(page.locator('[data-mail-not-sent="true"]')).toBeVisible();
    await expect(page.getByText('No pudimos enviar el correo ahora. Reciba un código por SMS')).toBeVisible();
    const choice = page.getByRole('button', { name: 'Recibir un código por SMS' });
    await expect(choice).toBeVisible();
    await expectInReach(page, choice, 'portrait', 'SMS choice with the mail not sent, portrait, Grande');
    await axeClean(page, 'activation with the mail not sent');
    await shootBoth(page, '23-sms-mail-not-sent');
    await choice.click();
    await expect(codeField(page)).toBeVisible();
    await expect.poll(() => centre.received.length).toBe(1);
    await typeCode(page, centre.lastCode());
    await step.declare(page);
  } finally {
    await kiosk.stop();
    await centre.close();
  }
});

test('the SMS centre refuses the message: retried by the central, then the person is told what to do; it goes once the centre is back', async ({
  page,
  mail,
}) => {
  test.setTimeout(180_000);
  const centre = await smsCentre();
  centre.refuse.submit = true;
  const kiosk = await startHost({
    seed,
    env: { SMTP_URL: mail.url, SMS_URL: `smpp://iess:s3cret@127.0.0.1:${centre.port}` },
  });
  try {
    await openKiosk(page, kiosk.url);
    await recoverToActivation(page, kiosk.centralUrl!);
    const choice = page.getByRole('button', { name: 'Recibir un código por SMS' });
    await choice.click();
    const told = page.getByText('No pudimos enviar el SMS: la red de mensajes no responde.');
    await expect(told).toBeVisible();
    await expect(page.getByText('use el enlace del correo, o toque «Solicitar ayuda»')).toBeVisible();
    // the central tried three times (backoff between) before saying so
    expect(centre.received).toHaveLength(3);
    // nothing is lost: the same screen, the link's countdown and the choice are still there
    await expect(codeField(page)).toHaveCount(0);
    await expect(choice).toBeVisible();
    // with the error box on top the choice is still in reach without scrolling
    await expectInReach(page, choice, 'portrait', 'SMS choice with the error, portrait, Grande');
    await page.setViewportSize({ width: 1920, height: 1080 });
    await expectInReach(page, choice, 'landscape', 'SMS choice with the error, landscape, Grande');
    await page.setViewportSize({ width: 1080, height: 1920 });
    await shootBoth(page, '23-sms-unavailable');
    await textSize(page, 'Normal');
    await expectInReach(page, choice, 'portrait', 'SMS choice with the error, portrait, Normal');

    centre.refuse.submit = false;
    await choice.click();
    await expect(codeField(page)).toBeVisible();
    await expect.poll(() => centre.received.length).toBe(4);
    await typeCode(page, centre.lastCode());
    await step.declare(page);
  } finally {
    await kiosk.stop();
    await centre.close();
  }
});
