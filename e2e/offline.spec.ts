import { createServer } from 'node:net';
import { expect, openKiosk, test } from './fixtures';
import { startHost, type HostProcess } from './support/host';
import { people } from './support/seed';
import { chooseOnWelcome, shoot, waitForScreen } from './support/steps';

/** A port that was just free and is now closed: connections to it are refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

let host: HostProcess | undefined;

test.afterEach(async () => {
  await host?.stop();
  host = undefined;
});

test('without the central the kiosk says so on every screen, keeps what was typed and still calls staff', async ({
  page,
}) => {
  // enrollment code set (the technician's part is done): the central is simply not there yet
  host = await startHost({
    env: { CENTRAL_URL: `http://127.0.0.1:${await closedPort()}`, KIOSK_ENROLL_CODE: 'codigo-de-inscripcion-1' },
  });
  await openKiosk(page, host.url);

  const banner = page.getByRole('status').filter({ hasText: 'Sin conexión con el IESS' });
  await expect(banner).toBeVisible();
  await expect(banner).toContainText('Lo que ya escribió no se pierde');
  await shoot(page, '21-offline');

  await chooseOnWelcome(page, 'Generar clave');
  await waitForScreen(page, 'identify');
  await expect(banner).toBeVisible();
  await page.getByLabel('Cédula', { exact: true }).fill(people.noEmail.id);
  await page.getByRole('checkbox', { name: 'No soy un robot' }).check();
  await page.getByRole('button', { name: 'BUSCAR', exact: true }).click();
  await waitForScreen(page, 'identify');
  await expect(page.getByRole('alert').filter({ hasText: 'No podemos comunicarnos con el IESS' })).toBeVisible();
  await expect(page.getByLabel('Cédula', { exact: true })).toHaveValue(people.noEmail.id);

  await page.getByRole('button', { name: 'Solicitar ayuda', exact: true }).click();
  await expect(page.getByText('Un funcionario vendrá a ayudarle')).toBeVisible();
});
