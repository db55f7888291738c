import { expect, type Page } from '@playwright/test';
import { answerField } from './answer-field';
import { e2eSeed, knownAnswers, people } from './seed';
import { openOnPhone, text } from './touch';
import { SECURITY_QUESTIONS } from '../../central/server/catalog';

/** Steps of the trámite as a person does them; each waits for its screen (no sleeps). */
export async function waitForScreen(page: Page, screen: string): Promise<void> {
  await expect(page.locator('html')).toHaveAttribute('data-screen', screen);
  await expect(page.locator('html')).toHaveAttribute('data-busy', 'false');
}

export async function chooseOnWelcome(
  page: Page,
  name: 'Generar clave' | 'Recuperar clave' | 'Clave de empleador',
): Promise<void> {
  await waitForScreen(page, 'welcome');
  await page.getByRole('button', { name, exact: true }).click();
}

export async function identify(page: Page, id: string): Promise<void> {
  await waitForScreen(page, 'identify');
  await page.getByLabel('Cédula', { exact: true }).fill(id);
  await page.getByRole('checkbox', { name: 'No soy un robot' }).check();
  await page.getByRole('button', { name: 'BUSCAR', exact: true }).click();
}

export type ChallengeAnswers = {
  birthDay: number;
  birthMonth: number;
  /** typed security questions: answer by question text */
  typed?: Record<string, string>;
  /** pick a wrong option in every record question */
  wrong?: boolean;
};

/** The month tiles are named by the month, in the kiosk's language (es-EC: lowercase, "agosto"). */
export function monthName(locale: 'es-EC' | 'en', month: number): string {
  return text(locale, `month.${month}` as Parameters<typeof text>[1]);
}

/**
 * Día and Mes are tile groups (radio groups named "Día" / "Mes", DESIGN §5): the tile named by
 * the number and the one named by the month.
 */
export async function chooseBirthDate(
  page: Page,
  date: { birthDay: number; birthMonth: number },
  locale: 'es-EC' | 'en' = 'es-EC',
): Promise<void> {
  const day = page.getByRole('radiogroup', { name: text(locale, 'field.day'), exact: true });
  const month = page.getByRole('radiogroup', { name: text(locale, 'field.month'), exact: true });
  await day.getByRole('radio', { name: String(date.birthDay), exact: true }).check();
  await month.getByRole('radio', { name: monthName(locale, date.birthMonth), exact: true }).check();
}

/** The challenge's record questions: every radio group but the two of the birth date. */
export async function questionGroups(page: Page, locale: 'es-EC' | 'en' = 'es-EC') {
  const dateGroups = [text(locale, 'field.day'), text(locale, 'field.month')];
  const groups = page.getByRole('radiogroup');
  const out = [];
  for (let i = 0; i < (await groups.count()); i++) {
    const group = groups.nth(i);
    if (!dateGroups.includes((await group.getAttribute('aria-label')) ?? '')) out.push(group);
  }
  return out;
}

export async function answerChallenge(page: Page, answers: ChallengeAnswers): Promise<void> {
  await waitForScreen(page, 'challenge');
  await chooseBirthDate(page, answers);
  const groups = await questionGroups(page);
  const count = groups.length;
  expect(count).toBeGreaterThan(0);
  for (let i = 0; i < count; i++) {
    const radios = groups[i]!.getByRole('radio');
    const names = await radios.evaluateAll((els) =>
      els.map(
        (el) =>
          el.getAttribute('aria-label') ??
          el.closest('label')?.textContent?.trim() ??
          (el as HTMLInputElement).labels?.[0]?.textContent?.trim() ??
          '',
      ),
    );
    const right = names.findIndex((n) => knownAnswers.includes(n));
    expect(right, `no known answer among ${names.join(' | ')}`).toBeGreaterThanOrEqual(0);
    const pick = answers.wrong ? (right + 1) % names.length : right;
    await radios.nth(pick).check();
  }
  for (const [question, answer] of Object.entries(answers.typed ?? {})) {
    const field = answerField(page, question);
    if ((await field.count()) > 0) await field.fill(answer);
  }
  await page.getByRole('button', { name: 'CONTINUAR', exact: true }).click();
}

export async function accept(page: Page, screen: string): Promise<void> {
  await waitForScreen(page, screen);
  await page.getByRole('button', { name: 'ACEPTAR', exact: true }).click();
}

export async function chooseSecurityQuestions(
  page: Page,
  answers: Array<{ text: string; answer: string }>,
): Promise<void> {
  await waitForScreen(page, 'securityQuestions');
  for (const { text, answer } of answers) {
    await page.getByRole('checkbox', { name: text, exact: true }).check();
    await answerField(page, text).fill(answer);
  }
  await page.getByRole('button', { name: 'CONTINUAR', exact: true }).click();
}

export async function chooseImage(page: Page, name: string): Promise<void> {
  await waitForScreen(page, 'securityImage');
  await page.getByRole('radio', { name, exact: true }).check();
  await page.getByRole('button', { name: 'CONTINUAR', exact: true }).click();
}

export async function registerEmail(page: Page, email: string, mobile?: string): Promise<void> {
  await waitForScreen(page, 'email');
  await page.getByLabel('Correo electrónico', { exact: true }).fill(email);
  await page.getByLabel('Confirmar correo', { exact: true }).fill(email);
  if (mobile) await page.getByLabel('Celular', { exact: true }).fill(mobile);
  await page.getByRole('button', { name: 'CONTINUAR', exact: true }).click();
}

export async function keepEmailOnFile(page: Page): Promise<void> {
  await waitForScreen(page, 'email');
  await page.getByRole('button', { name: 'CONTINUAR', exact: true }).click();
}

export async function declare(page: Page): Promise<void> {
  await waitForScreen(page, 'declaration');
  await page.getByRole('checkbox', { name: 'Declaro que toda la información registrada es fidedigna' }).check();
  await page.getByRole('button', { name: 'ACEPTAR', exact: true }).click();
}

export async function setPassword(page: Page, password: string, repeat = password): Promise<void> {
  await waitForScreen(page, 'password');
  await page.getByLabel('Contraseña', { exact: true }).fill(password);
  await page.getByLabel('Repetir contraseña', { exact: true }).fill(repeat);
  await page.getByRole('button', { name: 'GENERAR', exact: true }).click();
}

export async function finish(page: Page): Promise<void> {
  await waitForScreen(page, 'done');
  await page.getByRole('button', { name: 'FINALIZAR', exact: true }).click();
  await waitForScreen(page, 'welcome');
}

export async function portalLogin(centralUrl: string, id: string, password: string): Promise<number> {
  const response = await fetch(`${centralUrl}/api/v1/portal/login`, {
    method: 'POST',
    // DESIGN §5: the portal login takes no kiosk credentials or headers
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id, password }),
  });
  return response.status;
}

/**
 * The bank of 10 security questions, as the central publishes it. The catalogs route needs kiosk
 * credentials now, so the test reads the central's own constant instead of calling it.
 */
export async function questionBank(
  _centralUrl: string,
): Promise<Array<{ id: string; text: { 'es-EC': string; en?: string } }>> {
  return SECURITY_QUESTIONS;
}

/** Screenshots for the README and for people to look at (DESIGN: look at what you build). */
export async function shoot(page: Page, name: string, locale = 'es-EC'): Promise<void> {
  await page.screenshot({ path: `docs/screenshots/${locale}/${name}.png`, fullPage: false });
}

/**
 * A walk through every screen of the three flows in one locale and text size, calling `visit`
 * on each once it is settled (for an axe scan or a screenshot). Fields are filled (this is a
 * tour of the screens, not a touch test); names come from the renderer's own catalogs.
 */
export type Tour = {
  locale: 'es-EC' | 'en';
  textSize?: 'normal' | 'large' | 'xlarge';
  centralUrl: string;
  waitForMail: (
    match: (m: { subject: string; to: string[]; text: string }) => boolean,
  ) => Promise<{ text: string; html: string }>;
  activationLink: (message: { text: string; html: string }) => string;
  visit: (name: string) => Promise<void>;
};

export async function tourEveryScreen(page: Page, tour: Tour): Promise<void> {
  const say = (key: Parameters<typeof text>[1]) => text(tour.locale, key);
  const bank = await questionBank(tour.centralUrl);
  const q = (id: string) => {
    const question = bank.find((b) => b.id === id)!;
    return (tour.locale === 'en' ? question.text.en : undefined) ?? question.text['es-EC'];
  };
  const click = (name: string) => page.getByRole('button', { name, exact: true }).click();
  const fill = (name: string, value: string) => page.getByLabel(name, { exact: true }).fill(value);
  const robot = () => page.getByRole('checkbox', { name: say('robot.label'), exact: true }).check();
  const at = async (screen: string, name = screen) => {
    await waitForScreen(page, screen);
    await tour.visit(name);
  };
  /** the screen as it is after its main button was pressed with something missing: the error
   *  summary on top pushes the rest down, so this is the state most likely to hide the button */
  const withError = async (screen: string, button: string, name = `${screen}-error`) => {
    await waitForScreen(page, screen);
    await click(button);
    await expect(page.getByRole('alert').first()).not.toBeEmpty();
    await waitForScreen(page, screen);
    await tour.visit(name);
  };
  const prepareWelcome = async () => {
    await waitForScreen(page, 'welcome');
    if (tour.locale === 'en') await click('English');
    if (tour.textSize === 'normal') await click(say('prefs.textSize.normal'));
    if (tour.textSize === 'large') await click(say('prefs.textSize.large'));
    if (tour.textSize === 'xlarge') await click(say('prefs.textSize.xlarge'));
    await expect(page.locator('html')).toHaveAttribute('lang', tour.locale);
  };
  const pickKnown = async () => {
    for (const group of await questionGroups(page, tour.locale)) {
      const radios = group.getByRole('radio');
      const names = await radios.evaluateAll((els) =>
        els.map((el) => (el as HTMLInputElement).labels?.[0]?.textContent?.trim() ?? ''),
      );
      await radios.nth(names.findIndex((n) => knownAnswers.includes(n))).check();
    }
  };

  // welcome and the help note
  await prepareWelcome();
  await at('welcome');
  await click(say('help.button'));
  await expect(page.getByText(say('help.sent'))).toBeVisible();
  await tour.visit('help');
  await click(say('help.close'));

  // Generar clave, every step
  const gen = people.noEmail;
  await click(say('welcome.generate'));
  await at('identify');
  await robot();
  await withError('identify', say('action.search'));
  await fill(say('field.cedula'), gen.id);
  await click(say('action.search'));
  await at('challenge');
  await withError('challenge', say('action.continue'));
  await chooseBirthDate(page, gen, tour.locale);
  await pickKnown();
  await click(say('action.continue'));
  await at('confirmIdentity');
  await click(say('action.accept'));
  await at('securityQuestions');
  for (const [id, answer] of [
    ['q01', 'Pelusa'],
    ['q02', 'Ambato'],
    ['q03', 'Ñandú'],
  ] as const) {
    await page.getByRole('checkbox', { name: q(id), exact: true }).check();
    await answerField(page, q(id)).fill(answer);
  }
  await tour.visit('securityQuestions-filled');
  await click(say('action.continue'));
  await at('securityImage');
  await page.getByRole('radio', { name: say('image.condor'), exact: true }).check();
  await click(say('action.continue'));
  await at('email');
  await withError('email', say('action.continue'));
  await fill(say('field.email'), gen.email);
  await fill(say('field.emailConfirm'), gen.email);
  await fill(say('field.mobile'), '0991234567');
  await click(say('action.continue'));
  await at('confirmEmail');
  await click(say('action.accept'));
  await at('activation');
  const mail = await tour.waitForMail((m) => m.subject === 'ACTIVACIÓN CLAVE' && m.to.includes(gen.email));
  expect(await openOnPhone(page, tour.activationLink(mail))).toBe(200);
  await at('declaration');
  await page.getByRole('checkbox', { name: say('declaration.label'), exact: true }).check();
  await click(say('action.accept'));
  await at('password');
  await withError('password', say('action.generate'));
  await fill(say('field.password'), 'Chimborazo57');
  await fill(say('field.passwordRepeat'), 'Chimborazo57');
  await expect(page.locator('li.met')).toHaveCount(await page.locator('.rules li').count());
  await tour.visit('password-filled');
  await click(say('action.generate'));
  await at('done');
  await click(say('action.finish'));

  // Recuperar clave: the image to pick and the email on file
  const rec = people.withClave;
  await prepareWelcome();
  await click(say('welcome.recover'));
  await waitForScreen(page, 'identify');
  await fill(say('field.cedula'), rec.id);
  await robot();
  await click(say('action.search'));
  await waitForScreen(page, 'challenge');
  await withError('challenge', say('action.continue'), 'challenge-recover-error');
  await chooseBirthDate(page, rec, tour.locale);
  await pickKnown();
  for (const a of rec.securityAnswers) {
    const field = answerField(page, q(a.questionId));
    if ((await field.count()) > 0) await field.fill(a.answer);
  }
  await tour.visit('challenge-recover');
  await click(say('action.continue'));
  await waitForScreen(page, 'confirmIdentity');
  await click(say('action.accept'));
  await at('securityImage', 'securityImage-pick');
  await page.getByRole('radio', { name: say('image.colibri'), exact: true }).check();
  await click(say('action.continue'));
  await at('email', 'email-onFile');
  await click(say('cancel.button'));
  await click(say('cancel.confirm'));

  // Clave de empleador: the code screen, then five wrong codes lock the trámite
  const employer = e2eSeed.employers[0]!;
  await prepareWelcome();
  await click(say('welcome.employer'));
  await at('employerIdentify');
  await fill(say('field.ruc'), employer.ruc);
  await fill(say('field.branch'), employer.branch);
  await fill(say('field.legalRep'), employer.legalRepId);
  await robot();
  await click(say('action.search'));
  await at('employerCode');
  await fill(say('field.code'), '000000');
  await click(say('action.continue'));
  await waitForScreen(page, 'employerCode');
  await expect(page.getByRole('alert').first()).not.toBeEmpty();
  await tour.visit('employerCode-error');
  for (let i = 0; i < 4; i++) {
    await waitForScreen(page, 'employerCode');
    await fill(say('field.code'), i % 2 ? '000000' : '111111');
    await click(say('action.continue'));
  }
  await at('locked');
  await click(say('cancel.button'));
  await waitForScreen(page, 'welcome');
}
