import { expect, type Page } from '@playwright/test';
import { knownAnswers } from './seed';

/** Steps of the trámite as a person does them; each waits for its screen (no sleeps). */
export async function waitForScreen(page: Page, screen: string): Promise<void> {
  await expect(page.locator('html')).toHaveAttribute('data-screen', screen);
  await expect(page.locator('html')).toHaveAttribute('data-busy', 'false');
}

export async function chooseOnWelcome(page: Page, name: 'Generar clave' | 'Recuperar clave' | 'Clave de empleador'): Promise<void> {
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

export async function answerChallenge(page: Page, answers: ChallengeAnswers): Promise<void> {
  await waitForScreen(page, 'challenge');
  await page.getByLabel('Día', { exact: true }).selectOption(String(answers.birthDay));
  await page.getByLabel('Mes', { exact: true }).selectOption(String(answers.birthMonth));
  const groups = page.getByRole('radiogroup');
  const count = await groups.count();
  expect(count).toBeGreaterThan(0);
  for (let i = 0; i < count; i++) {
    const radios = groups.nth(i).getByRole('radio');
    const names = await radios.evaluateAll((els) => els.map((el) => el.getAttribute('aria-label') ?? el.closest('label')?.textContent?.trim() ?? (el as HTMLInputElement).labels?.[0]?.textContent?.trim() ?? ''));
    const right = names.findIndex((n) => knownAnswers.includes(n));
    expect(right, `no known answer among ${names.join(' | ')}`).toBeGreaterThanOrEqual(0);
    const pick = answers.wrong ? (right + 1) % names.length : right;
    await radios.nth(pick).check();
  }
  for (const [question, answer] of Object.entries(answers.typed ?? {})) {
    const field = page.getByLabel(question, { exact: true });
    if ((await field.count()) > 0) await field.fill(answer);
  }
  await page.getByRole('button', { name: 'CONTINUAR', exact: true }).click();
}

export async function accept(page: Page, screen: string): Promise<void> {
  await waitForScreen(page, screen);
  await page.getByRole('button', { name: 'ACEPTAR', exact: true }).click();
}

export async function chooseSecurityQuestions(page: Page, answers: Array<{ text: string; answer: string }>): Promise<void> {
  await waitForScreen(page, 'securityQuestions');
  for (const { text, answer } of answers) {
    await page.getByRole('checkbox', { name: text, exact: true }).check();
    await page.getByRole('textbox', { name: text, exact: true }).fill(answer);
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
    headers: { 'content-type': 'application/json', 'x-kiosk-id': 'e2e' },
    body: JSON.stringify({ id, password }),
  });
  return response.status;
}

/** The bank of 10 security questions, as the central publishes it. */
export async function questionBank(centralUrl: string): Promise<Array<{ id: string; text: { 'es-EC': string; en?: string } }>> {
  const response = await fetch(`${centralUrl}/api/v1/catalogs`, { headers: { 'x-kiosk-id': 'e2e' } });
  const body = (await response.json()) as { securityQuestions: Array<{ id: string; text: { 'es-EC': string; en?: string } }> };
  return body.securityQuestions;
}

/** Screenshots for the README and for people to look at (DESIGN: look at what you build). */
export async function shoot(page: Page, name: string, locale = 'es-EC'): Promise<void> {
  await page.screenshot({ path: `docs/screenshots/${locale}/${name}.png`, fullPage: false });
}
