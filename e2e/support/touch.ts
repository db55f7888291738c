import { expect, type Locator, type Page } from '@playwright/test';
import { answerField } from './answer-field';
import { en } from '../../renderer/lib/i18n/en';
import { esEC, type MessageKey } from '../../renderer/lib/i18n/es-EC';

/**
 * Touch-only helpers: they press the kiosk's own on-screen keys, found by their accessible
 * names, as a person with one finger would. None of them calls `fill` or types on the
 * physical keyboard.
 */
export type KioskLocale = 'es-EC' | 'en';

const catalogs = { 'es-EC': esEC, en } as const;

/** A plain (non-plural) message of the renderer catalog, so specs follow the UI's own words. */
export function text(locale: KioskLocale, key: MessageKey): string {
  const message = catalogs[locale][key];
  if (typeof message !== 'string') throw new Error(`${key} is a plural message`);
  return message;
}

function keypad(page: Page, locale: KioskLocale): Locator {
  return page.getByRole('group', { name: text(locale, 'keys.keypad'), exact: true });
}

function keyboard(page: Page, locale: KioskLocale): Locator {
  return page.getByRole('group', { name: text(locale, 'keys.keyboard'), exact: true });
}

/** Taps a field so the on-screen keys type into it. */
export async function tapField(page: Page, name: string): Promise<void> {
  await page.getByRole('textbox', { name, exact: true }).click();
}

/** Taps digits on the numeric keypad, one key per digit. */
export async function tapDigits(page: Page, digits: string, locale: KioskLocale = 'es-EC'): Promise<void> {
  const pad = keypad(page, locale);
  for (const digit of digits) {
    if (!/^\d$/.test(digit)) throw new Error(`the keypad has no key "${digit}"`);
    await pad.getByRole('button', { name: digit, exact: true }).click();
  }
}

/**
 * Taps text on the full keyboard; capitals go through the shift key (Mayúsculas / Capital
 * letters), which stays on until tapped again, as on the kiosk.
 */
export async function tapText(page: Page, value: string, locale: KioskLocale = 'es-EC'): Promise<void> {
  const board = keyboard(page, locale);
  const shift = board.getByRole('button', { name: text(locale, 'keys.shift'), exact: true });
  const space = text(locale, 'keys.space');
  for (const char of value) {
    const isUpper = char !== char.toLowerCase();
    const isLower = char !== char.toUpperCase();
    const shifted = (await shift.getAttribute('aria-pressed')) === 'true';
    if ((isUpper && !shifted) || (isLower && shifted)) await shift.click();
    await board.getByRole('button', { name: char === ' ' ? space : char, exact: true }).click();
  }
  // leave the keyboard in lower case for whoever types next
  if ((await shift.getAttribute('aria-pressed')) === 'true') await shift.click();
}

/** Taps a domain shortcut (@gmail.com …) on the email screen. */
export async function tapDomain(page: Page, domain: string): Promise<void> {
  await page.getByRole('button', { name: domain, exact: true }).click();
}

/** Taps a button by its exact name. */
export async function tapButton(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name, exact: true }).click();
}

/**
 * Taps the tile named `option` in the tile group `group` ("Día" / "Mes"): a radio group of
 * large tiles that a finger reaches, instead of a native dropdown.
 */
export async function tapTile(page: Page, group: string, option: string): Promise<void> {
  const tile = page
    .getByRole('radiogroup', { name: group, exact: true })
    .getByRole('radio', { name: option, exact: true });
  await tile.click();
  await expect(tile).toBeChecked();
}

/** The person's phone: another browser context that opens the link from the email. */
export async function openOnPhone(page: Page, link: string): Promise<number> {
  const phone = await page
    .context()
    .browser()!
    .newContext({ viewport: { width: 390, height: 844 } });
  try {
    const tab = await phone.newPage();
    await tab.goto(link);
    // the page's button confirms (a POST); opening the link alone confirms nothing
    const posted = tab.waitForResponse((r) => r.url() === link && r.request().method() === 'POST');
    await tab.getByRole('button', { name: 'CLIC PARA CONTINUAR' }).click();
    return (await posted).status();
  } finally {
    await phone.close();
  }
}

export async function onScreen(page: Page, screen: string): Promise<void> {
  await expect(page.locator('html')).toHaveAttribute('data-screen', screen);
  await expect(page.locator('html')).toHaveAttribute('data-busy', 'false');
}

export type Bank = Array<{ id: string; text: { 'es-EC': string; en?: string } }>;

export type RecoverByTouch = {
  locale: KioskLocale;
  person: {
    id: string;
    birthDay: number;
    birthMonth: number;
    securityAnswers: ReadonlyArray<{ questionId: string; answer: string }>;
    securityImage: string;
  };
  bank: Bank;
  knownAnswers: readonly string[];
  newPassword: string;
  /** waits for the activation mail and returns its link */
  activationLink: () => Promise<string>;
  /** called on each screen once it is shown and settled (a scan, a screenshot) */
  visit?: (screen: string) => Promise<void>;
};

/**
 * Recuperar clave from welcome to FINALIZAR, by taps only (on-screen keypad and keyboard,
 * tiles, buttons), Día and Mes included (see tapTile).
 */
export async function recoverByTouch(page: Page, flow: RecoverByTouch): Promise<void> {
  const { locale, person } = flow;
  const say = (key: MessageKey) => text(locale, key);
  const visit = async (screen: string) => {
    await onScreen(page, screen);
    await flow.visit?.(screen);
  };

  await visit('welcome');
  if (locale === 'en') {
    await tapButton(page, 'English');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  }
  await tapButton(page, say('welcome.recover'));

  await visit('identify');
  await tapField(page, say('field.cedula'));
  await tapDigits(page, person.id, locale);
  await expect(page.getByRole('textbox', { name: say('field.cedula'), exact: true })).toHaveValue(person.id);
  await page.getByRole('checkbox', { name: say('robot.label'), exact: true }).click();
  await tapButton(page, say('action.search'));

  await visit('challenge');
  await tapTile(page, say('field.day'), String(person.birthDay));
  await tapTile(page, say('field.month'), say(`month.${person.birthMonth}` as MessageKey));
  const dateGroups = [say('field.day'), say('field.month')];
  const groups = page.getByRole('radiogroup');
  for (let i = 0; i < (await groups.count()); i++) {
    if (dateGroups.includes((await groups.nth(i).getAttribute('aria-label')) ?? '')) continue;
    const radios = groups.nth(i).getByRole('radio');
    const names = await radios.evaluateAll((els) =>
      els.map((el) => (el as HTMLInputElement).labels?.[0]?.textContent?.trim() ?? ''),
    );
    const right = names.findIndex((n) => flow.knownAnswers.includes(n));
    expect(right, `no known answer among ${names.join(' | ')}`).toBeGreaterThanOrEqual(0);
    await radios.nth(right).click();
  }
  let typed = 0;
  for (const { questionId, answer } of person.securityAnswers) {
    const question = flow.bank.find((q) => q.id === questionId)!;
    const label = (locale === 'en' ? question.text.en : undefined) ?? question.text['es-EC'];
    const field = answerField(page, label);
    if ((await field.count()) === 0) continue;
    await field.click();
    await tapText(page, answer, locale);
    await expect(field).toHaveValue(answer);
    typed++;
  }
  expect(typed, 'the recover challenge asks two of the person’s own questions').toBe(2);
  await tapButton(page, say('action.continue'));

  await visit('confirmIdentity');
  await tapButton(page, say('action.accept'));

  await visit('securityImage');
  await page.getByRole('radio', { name: say(`image.${person.securityImage}` as MessageKey), exact: true }).click();
  await tapButton(page, say('action.continue'));

  await visit('email');
  await tapButton(page, say('action.continue'));
  await visit('confirmEmail');
  await tapButton(page, say('action.accept'));

  await visit('activation');
  expect(await openOnPhone(page, await flow.activationLink())).toBe(200);

  await visit('declaration');
  await page.getByRole('checkbox', { name: say('declaration.label'), exact: true }).click();
  await tapButton(page, say('action.accept'));

  await visit('password');
  for (const key of ['field.password', 'field.passwordRepeat'] as const) {
    const field = page.getByLabel(say(key), { exact: true });
    await field.click();
    await tapText(page, flow.newPassword, locale);
    await expect(field).toHaveValue(flow.newPassword);
  }
  // show / hide: the person can check what was typed
  // (the toggle is named by its visible word and the field: "Mostrar : Contraseña")
  const toggle = (word: MessageKey) =>
    page.getByRole('button', { name: new RegExp(`^${say(word)}\\s*:\\s*${say('field.password')}$`) });
  await toggle('password.show').click();
  await expect(page.getByRole('textbox', { name: say('field.password'), exact: true })).toHaveValue(flow.newPassword);
  await toggle('password.hide').click();
  await expect(page.getByLabel(say('field.password'), { exact: true })).toHaveAttribute('type', 'password');
  await tapButton(page, say('action.generate'));

  await visit('done');
  await tapButton(page, say('action.finish'));
  await onScreen(page, 'welcome');
}
