import { chromium, type Page } from '@playwright/test';
import { SECURITY_QUESTIONS } from '../../central/server/catalog';
import { chromiumArgs, systemChromium } from '../../e2e/support/chromium';
import { startHost } from '../../e2e/support/host';
import { startMailCapture } from '../../e2e/support/mail-capture';
import { e2eSeed, people } from '../../e2e/support/seed';
import { chooseBirthDate } from '../../e2e/support/steps';
import { notMeasured, row, type BenchRow } from '../report';
import { ms, summarize } from '../stats';

const ACTIVATION_LINK = /https?:\/\/\S+\/activar\/[A-Za-z0-9_-]+/;

/** The screen is shown and settled: the renderer's own flags, never a sleep. */
const onScreen = (page: Page, screen: string) =>
  page.waitForSelector(`html[data-screen="${screen}"][data-busy="false"]`, { state: 'attached' });
const click = (page: Page, name: string) => page.getByRole('button', { name, exact: true }).click();

type Bank = Array<{ id: string; text: { 'es-EC': string } }>;

/**
 * Whole Recuperar clave flows in Debian's Chromium against a fresh web host, as a person taps
 * them; the wall time leaves out the phone (from the mail's acceptance to the declaration screen).
 * Reference: the same flow driven over the socket without a browser.
 */
export async function recoverInChromiumRows(smoke: boolean, socketFlowMs: number | null): Promise<BenchRow[]> {
  const name = 'Recuperar flow in Chromium (without the phone)';
  const flows = smoke ? 1 : 3;
  const mail = await startMailCapture();
  const host = await startHost({ seed: e2eSeed, env: { SMTP_URL: mail.url } });
  const browser = await chromium
    .launch({ executablePath: systemChromium(), args: chromiumArgs })
    .catch((error: unknown) => error as Error);
  if (browser instanceof Error) {
    await host.stop();
    await mail.close();
    return [notMeasured(name, 'ms', 'reported', `Chromium did not start: ${browser.message.split('\n')[0]}`)];
  }
  const person = people.withClave;
  // the bank is the central's fixed one (its catalogs answer enrolled kiosks only)
  const bank: Bank = SECURITY_QUESTIONS;
  const typed = person.securityAnswers.map((a) => ({
    text: bank.find((q) => q.id === a.questionId)!.text['es-EC'],
    answer: a.answer,
  }));
  const walls: number[] = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(host.url);
    await page.waitForSelector('html[data-kiosk-ready="true"]', { state: 'attached' });
    for (let i = 0; i < flows; i++) {
      await onScreen(page, 'welcome');
      const start = performance.now();
      await click(page, 'Recuperar clave');
      await onScreen(page, 'identify');
      await page.getByLabel('Cédula', { exact: true }).fill(person.id);
      await page.getByRole('checkbox', { name: 'No soy un robot' }).check();
      await click(page, 'BUSCAR');
      await onScreen(page, 'challenge');
      await chooseBirthDate(page, person);
      for (const c of person.challenges) {
        const group = page.getByRole('radiogroup', { name: c.question });
        if ((await group.count()) > 0) await group.getByRole('radio', { name: c.answer, exact: true }).check();
      }
      for (const t of typed) {
        const field = page.getByLabel(t.text, { exact: true });
        if ((await field.count()) > 0) await field.fill(t.answer);
      }
      await click(page, 'CONTINUAR');
      await onScreen(page, 'confirmIdentity');
      await click(page, 'ACEPTAR');
      await onScreen(page, 'securityImage');
      await page.getByRole('radio', { name: 'Colibrí', exact: true }).check();
      await click(page, 'CONTINUAR');
      await onScreen(page, 'email');
      await click(page, 'CONTINUAR');
      await onScreen(page, 'confirmEmail');
      const sent = mail.messages.length;
      const accepted = mail.waitFor((m) => m.subject === 'ACTIVACIÓN CLAVE' && mail.messages.indexOf(m) >= sent);
      await click(page, 'ACEPTAR');
      const message = await accepted;
      const phoneStart = performance.now();
      const link = ACTIVATION_LINK.exec(message.text)?.[0];
      if (!link) throw new Error('no activation link');
      // the phone taps CLIC PARA CONTINUAR: only the page's POST confirms
      await (await fetch(link, { method: 'POST' })).arrayBuffer();
      await onScreen(page, 'declaration');
      const phoneMs = performance.now() - phoneStart;
      await page.getByRole('checkbox', { name: 'Declaro que toda la información registrada es fidedigna' }).check();
      await click(page, 'ACEPTAR');
      await onScreen(page, 'password');
      const clave = `Pichincha${2000 + i}`;
      await page.getByLabel('Contraseña', { exact: true }).fill(clave);
      await page.getByLabel('Repetir contraseña', { exact: true }).fill(clave);
      await click(page, 'GENERAR');
      await onScreen(page, 'done');
      await click(page, 'FINALIZAR');
      await onScreen(page, 'welcome');
      walls.push(performance.now() - start - phoneMs);
    }
  } catch (error) {
    return [
      notMeasured(name, 'ms', 'reported', `the scripted flow failed: ${(error as Error).message.split('\n')[0]}`),
    ];
  } finally {
    await browser.close();
    await host.stop();
    await mail.close();
  }
  const wall = summarize(walls);
  return [
    row(
      name,
      { value: wall.median, unit: 'ms', detail: `${ms(wall)}; fields filled, not typed key by key` },
      { text: 'reported (no target)', met: () => true },
      ...(socketFlowMs === null ? [] : [{ name: 'same flow over the socket', value: socketFlowMs }]),
    ),
  ];
}
