import { mkdirSync } from 'node:fs';
import { startCentral, type RunningCentral } from '../central/server/embedded';
import { FAST_HASH } from '../central/server/testkit';
import { expect, openKiosk, test } from './fixtures';
import { startHost, type HostProcess } from './support/host';

/**
 * A kiosk pointed at a real central that refuses its enrollment code: the technician gets one
 * line on stderr naming the variable to set, and the screen says the kiosk is not available
 * (with the same advice for the technician) instead of offering trámites that would all end in
 * "central unavailable".
 */
let central: RunningCentral;
let host: HostProcess;

test.beforeEach(async () => {
  central = await startCentral({
    port: 0,
    activationTtlSeconds: 180,
    enrollCode: 'codigo-de-inscripcion-1',
    hashParams: FAST_HASH,
  });
  host = await startHost({ env: { CENTRAL_URL: central.url, KIOSK_ENROLL_CODE: 'codigo-equivocado' } });
});

test.afterEach(async () => {
  await host.stop();
  await central.close();
});

test('a refused enrollment: one technician line on stderr, a technician screen, no trámite offered', async ({
  page,
}) => {
  const lines = host
    .output()
    .split('\n')
    .filter((l) => l.startsWith('KIOSK NOT READY'));
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain('(enroll_refused)');
  expect(lines[0]).toContain('KIOSK_ENROLL_CODE');
  expect(host.output()).not.toContain('codigo-equivocado');

  await openKiosk(page, host.url);
  await expect(page.getByRole('heading', { name: 'Este quiosco no está disponible' })).toBeVisible();
  await expect(page.locator('[data-setup-problem="enroll_refused"]')).toContainText('KIOSK_ENROLL_CODE');
  await expect(page.getByRole('button', { name: 'Generar clave' })).toHaveCount(0);
  // not the "no connection" banner: the kiosk is not waiting for the network, it needs a technician
  await expect(page.getByText('Sin conexión con el IESS')).toHaveCount(0);

  for (const [orientation, viewport] of [
    ['portrait', { width: 1080, height: 1920 }],
    ['landscape', { width: 1920, height: 1080 }],
  ] as const) {
    await page.setViewportSize(viewport);
    const dir = `docs/screenshots/es-EC/${orientation}`;
    mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: `${dir}/setup-enroll-refused.png` });
  }
});
