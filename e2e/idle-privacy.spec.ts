import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { activationLinkOf } from './support/mail-capture';
import { e2eSeed, people } from './support/seed';
import * as step from './support/steps';
import { openOnPhone } from './support/touch';

/**
 * Idle and privacy: after an idle reset, Cancelar or FINALIZAR the page holds nothing
 * of the person — checked by reading the DOM (markup and field values) and every storage the
 * page can reach, in the page itself.
 */
test.use({ hostOptions: { seed: e2eSeed, env: { KIOSK_IDLE_WARN_SECONDS: '3', KIOSK_IDLE_RESET_SECONDS: '6' } } });

const person = people.withClave;
/** looks like an address, typed on the physical keyboard into a challenge answer */
const emailLike = 'maria.quishpe@gmail.com';

type PageTraces = { dom: string; local: string[]; session: string[]; databases: string[]; caches: string[] };

/** Everything of the page a next person (or a script) could read after the reset. */
async function pageTraces(page: Page): Promise<PageTraces> {
  return page.evaluate(async () => {
    const values = [...document.querySelectorAll('input, textarea, select')].map(
      (el) => (el as HTMLInputElement).value,
    );
    const entries = (store: Storage) => Object.keys(store).map((key) => `${key}=${store.getItem(key)}`);
    return {
      dom: document.documentElement.outerHTML + '\n' + values.join('\n') + '\n' + document.title,
      local: entries(localStorage),
      session: entries(sessionStorage),
      databases: (await indexedDB.databases()).map((db) => db.name ?? ''),
      caches: 'caches' in window ? await caches.keys() : [],
    };
  });
}

async function expectNothingOf(page: Page, typed: string[]): Promise<void> {
  await step.waitForScreen(page, 'welcome');
  await expect(page.locator('html[data-kiosk-ready="true"]')).toBeAttached();
  const traces = await pageTraces(page);
  expect(traces.local).toEqual([]);
  expect(traces.session).toEqual([]);
  expect(traces.databases).toEqual([]);
  expect(traces.caches).toEqual([]);
  for (const value of typed) {
    expect(traces.dom.toLowerCase(), `"${value}" is still in the page`).not.toContain(value.toLowerCase());
  }
  // the masked forms shown during the flow are gone too
  expect(traces.dom).not.toContain('m***a@');
  expect(traces.dom).not.toMatch(/Mar\S*\s+F\S*\s+Q/);
}

/** Cédula on the keypad's field and an email-like answer typed on the physical keyboard. */
async function typeSomethingPersonal(page: Page): Promise<void> {
  await step.chooseOnWelcome(page, 'Recuperar clave');
  await step.identify(page, person.id);
  await step.waitForScreen(page, 'challenge');
  const typedField = page.locator('input[id^="typed-"]').first();
  await typedField.click();
  await page.keyboard.type(emailLike);
  await expect(typedField).toHaveValue(emailLike);
}

test('idle: a warning with a countdown, then a reset that leaves nothing in the page', async ({ kioskPage: page }) => {
  await typeSomethingPersonal(page);

  const dialog = page.getByRole('dialog', { name: '¿Sigue ahí?' });
  await expect(dialog).toBeVisible();
  // the focus trap moves focus into the dialog, so a keyboard or switch user lands on it
  await expect(dialog.getByRole('button', { name: 'Continuar', exact: true })).toBeFocused();
  const seconds = dialog.locator('.seconds');
  const first = Number(await seconds.textContent());
  expect(first).toBeGreaterThan(0);
  expect(first).toBeLessThanOrEqual(3);
  // the countdown moves (each second is re-rendered), then the kiosk resets by itself
  await expect(seconds).not.toHaveText(String(first));
  await expectNothingOf(page, [person.id, emailLike]);
  await expect(dialog).toHaveCount(0);
});

test('idle: touching "Continuar" on the warning keeps the session', async ({ kioskPage: page }) => {
  await typeSomethingPersonal(page);
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Continuar', exact: true }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.locator('html')).toHaveAttribute('data-screen', 'challenge');
  await expect(page.locator('input[id^="typed-"]').first()).toHaveValue(emailLike);
});

test('Cancelar asks first, and "Sí, cancelar" leaves nothing in the page', async ({ kioskPage: page }) => {
  await typeSomethingPersonal(page);
  await page.getByRole('button', { name: 'Cancelar', exact: true }).click();
  const ask = page.getByRole('alertdialog', { name: '¿Cancelar el trámite?' });
  await expect(ask).toBeVisible();
  // the safe choice has the focus, so a stray Enter keeps the trámite
  await expect(ask.getByRole('button', { name: 'No, seguir', exact: true })).toBeFocused();
  await ask.getByRole('button', { name: 'Sí, cancelar', exact: true }).click();
  await expectNothingOf(page, [person.id, emailLike]);
});

test('"No, seguir" closes the question and keeps what was typed', async ({ kioskPage: page }) => {
  await typeSomethingPersonal(page);
  await page.getByRole('button', { name: 'Cancelar', exact: true }).click();
  await page.getByRole('button', { name: 'No, seguir', exact: true }).click();
  await expect(page.getByRole('alertdialog')).toHaveCount(0);
  await expect(page.locator('html')).toHaveAttribute('data-screen', 'challenge');
  await expect(page.locator('input[id^="typed-"]').first()).toHaveValue(emailLike);
});

test.describe('after a whole flow', () => {
  // a 3 s idle would interrupt a whole flow whenever the core takes a moment: default timing here
  test.use({ hostOptions: { seed: e2eSeed } });

  test('FINALIZAR leaves nothing in the page', async ({ kioskPage: page, kiosk, mail }) => {
    const bank = await step.questionBank(kiosk.centralUrl!);
    const typed = Object.fromEntries(
      person.securityAnswers.map((a) => [bank.find((q) => q.id === a.questionId)!.text['es-EC'], a.answer]),
    );
    const clave = 'Imbabura2031';
    await step.chooseOnWelcome(page, 'Recuperar clave');
    await step.identify(page, person.id);
    await step.answerChallenge(page, { ...person, typed });
    await step.accept(page, 'confirmIdentity');
    await step.chooseImage(page, 'Colibrí');
    await step.keepEmailOnFile(page);
    await step.accept(page, 'confirmEmail');
    await step.waitForScreen(page, 'activation');
    const message = await mail.waitFor((m) => m.subject === 'ACTIVACIÓN CLAVE' && m.to.includes(person.email));
    expect(await openOnPhone(page, activationLinkOf(message))).toBe(200);
    await step.declare(page);
    await step.setPassword(page, clave);
    await step.finish(page);
    await expectNothingOf(page, [person.id, person.email, clave, ...person.securityAnswers.map((a) => a.answer)]);
  });
});
