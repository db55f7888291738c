import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import Database from 'better-sqlite3';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { demoSeedFile } from './support/host';
import { shoot, waitForScreen } from './support/steps';

/**
 * The technician's screen in the web host (`npm run host -- --role=technician`), with the demo
 * seed's technician T001: the PIN opens it, a configuration change is refused with a reason that
 * names the field and changes nothing, a good one is applied and audited, and the diagnostics
 * bundle downloads with no secret and no personal data in it.
 */
const TECHNICIAN_PIN = '730164';
const ENROLL_SECRET = 'e2e-enroll-secret-5521';
const TEST_ADDRESS = 'soporte.tecnico@example.com';

test.use({
  hostOptions: {
    args: ['--role=technician'],
    env: { CENTRAL_ENROLL_CODE: ENROLL_SECRET, KIOSK_ENROLL_CODE: ENROLL_SECRET },
  },
});

async function unlock(page: Page, label: RegExp, enter: RegExp): Promise<void> {
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByLabel(label).fill(TECHNICIAN_PIN);
  await dialog.getByRole('button', { name: enter }).click();
  await waitForScreen(page, 'staff');
}

async function axeClean(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

/** Everything personal the demo seed holds: none of it may leave in a support file. */
function demoPersonalValues(): string[] {
  const seed = JSON.parse(readFileSync(demoSeedFile, 'utf8')) as {
    afiliados: { id: string; fullName: string; email: string | null; mobile?: string; password?: string }[];
    staff: { pin: string }[];
  };
  return [
    ...seed.afiliados.flatMap((a) => [a.id, a.fullName, a.email ?? '', a.mobile ?? '', a.password ?? '']),
    ...seed.staff.map((s) => s.pin),
  ].filter((v) => v.length > 0);
}

test('the technician PIN opens the screen; a bad address is refused and changes nothing; a good change is applied and audited; the diagnostics hold no secret', async ({
  kioskPage: page,
  kiosk,
  mail,
}) => {
  test.setTimeout(300_000);
  await unlock(page, /PIN de funcionario/, /Ingresar/);
  await expect(page.getByRole('heading', { name: 'Pantalla del técnico' })).toBeVisible();
  await expect(page.getByText('Técnico · Diego Salazar')).toBeVisible();
  await expect(page.getByText('Servicio central integrado (demostración)')).toBeVisible();
  await axeClean(page);
  await shoot(page, '24-technician');

  // a bad central address: a clear reason next to the field, summarised at the top; nothing changes
  const url = page.getByLabel('Dirección del servicio central', { exact: true });
  const office = page.getByLabel('Oficina', { exact: true });
  await url.fill('central sin esquema');
  await office.fill('IESS Ambato');
  await page.getByRole('button', { name: 'Guardar configuración' }).click();
  await expect(
    page.getByRole('alert').filter({ hasText: 'Revise la configuración: no se cambió nada.' }),
  ).toBeVisible();
  await expect(url).toHaveAttribute('aria-invalid', 'true');
  await expect(url).toBeFocused();
  const described = (await url.getAttribute('aria-describedby')) ?? '';
  await expect(page.locator(`#${described.split(' ')[0]}`)).toContainText('Escriba una dirección web completa');
  // what was typed stays, to be fixed
  await expect(office).toHaveValue('IESS Ambato');
  await expect(page.locator('header .office')).toHaveText('IESS Quito Centro');
  await axeClean(page);
  await shoot(page, '25-technician-config-refused');

  // a central elsewhere without TLS is refused with its own reason
  await url.fill('http://central.iess.gob.ec');
  await page.getByRole('button', { name: 'Guardar configuración' }).click();
  await expect(page.locator('#tech-centralUrl-error')).toContainText('https://');

  // fixed: the office and the idle warning apply at once, without a restart
  await url.fill('');
  await page.getByLabel('Aviso de inactividad (segundos)', { exact: true }).fill('50');
  await page.getByRole('button', { name: 'Guardar configuración' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Configuración guardada y aplicada.' })).toBeVisible();
  await expect(page.locator('header .office')).toHaveText('IESS Ambato');
  await expect(url).not.toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('Fijado por un técnico').first()).toBeVisible();

  // audited: the change went to the central through the outbox, with who and what
  await expect
    .poll(() => {
      const db = new Database(join(kiosk.dataDir, 'kiosk.db'), { readonly: true, fileMustExist: true });
      try {
        return db.prepare("select status, payload from outbox where kind = 'technician.audit'").all();
      } finally {
        db.close();
      }
    })
    .toEqual([{ status: 'delivered', payload: '{}' }]);
  const stored = new Database(join(kiosk.dataDir, 'kiosk.db'), { readonly: true });
  try {
    expect(stored.prepare('select name, value, set_by from technician_setting order by name').all()).toEqual([
      { name: 'idleWarnSeconds', value: '50', set_by: 'T001' },
      { name: 'officeName', value: '"IESS Ambato"', set_by: 'T001' },
    ]);
  } finally {
    stored.close();
  }

  // the central sends the test email
  await page.getByLabel('Correo para la prueba', { exact: true }).fill(TEST_ADDRESS);
  await page.getByRole('button', { name: 'Enviar correo de prueba' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Correo de prueba enviado a' })).toBeVisible();
  const testMail = await mail.waitFor((m) => m.to.includes(TEST_ADDRESS));
  expect(testMail.subject).toBe('PRUEBA DE CORREO');
  await shoot(page, '26-technician-saved');
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.locator('main.content').evaluate((main) => main.scrollTo(0, 0));
  await page.screenshot({ path: 'docs/screenshots/es-EC/landscape/24-technician.png' });
  await page.setViewportSize({ width: 1080, height: 1920 });

  // the diagnostics bundle downloads, and holds no secret and no personal data
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Descargar diagnóstico' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^diagnostico-KIOSCO-01-.+\.json$/);
  const content = readFileSync(await download.path(), 'utf8');
  const bundle = JSON.parse(content) as {
    configuration: Record<string, unknown>;
    health: { outbox: { depth: number } };
    logs: { lines: string[] }[];
  };
  expect(bundle.configuration).toMatchObject({
    officeName: 'IESS Ambato',
    centralEnrollCode: 'set',
    idleWarnSeconds: 50,
  });
  expect(bundle.logs.flatMap((f) => f.lines).some((l) => l.includes('technician.config_changed'))).toBe(true);
  for (const value of [ENROLL_SECRET, TEST_ADDRESS, 'soporte.tecnico', TECHNICIAN_PIN, ...demoPersonalValues()])
    expect(content, `the bundle holds ${value}`).not.toContain(value);
});

test.describe('in English', () => {
  test.use({
    hostOptions: { args: ['--role=technician'], env: { KIOSK_LOCALE: 'en', CENTRAL_ENROLL_CODE: ENROLL_SECRET } },
  });
  test('the technician screen is translated and passes axe', async ({ kioskPage: page }) => {
    test.setTimeout(240_000);
    await unlock(page, /Staff PIN/, /Sign in/);
    await expect(page.getByRole('heading', { name: "Technician's screen" })).toBeVisible();
    await expect(page.getByLabel('Central service address', { exact: true })).toBeVisible();
    await page.getByLabel('Idle reset (seconds)', { exact: true }).fill('10');
    await page.getByRole('button', { name: 'Save configuration' }).click();
    await expect(page.locator('#tech-idleResetSeconds-error')).toContainText('The reset must come after the warning');
    await axeClean(page);
    await shoot(page, '24-technician', 'en');
  });
});
