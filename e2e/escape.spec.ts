import {
  ESCAPE_URLS,
  dropFileAndLink,
  expectStillTheKiosk,
  markDocument,
  rightClickWasCancelled,
  selectionAfterTripleClickOnPrivate,
  tryNavigate,
  windowOpenResults,
} from './support/escape';
import { expect, test } from './fixtures';

// The kiosk page cannot be left, in a browser too (CSP + COOP from the web host, the
// renderer's lockdown action). The Electron half, with main's guards, is escape.electron.spec.ts.

test('navigation to an external URL, file://, javascript: or data: leaves the page on the kiosk origin', async ({
  kioskPage: page,
}) => {
  const origin = await markDocument(page);
  for (const url of ESCAPE_URLS) {
    await tryNavigate(page, url);
    await expectStillTheKiosk(page, origin);
  }
});

test('window.open returns null and no new page appears', async ({ kioskPage: page }) => {
  const origin = await markDocument(page);
  expect(await windowOpenResults(page)).toEqual([null, null, null, null]);
  expect(page.context().pages()).toHaveLength(1);
  await expectStillTheKiosk(page, origin);
});

test('a file or a link dropped on the page is cancelled and does not navigate', async ({ kioskPage: page }) => {
  const origin = await markDocument(page);
  expect(await dropFileAndLink(page)).toEqual({
    'app:dragover': true,
    'app:drop': true,
    'margin:dragover': true,
    'margin:drop': true,
  });
  await expectStillTheKiosk(page, origin);
});

test('the context menu is cancelled on a right click or long press', async ({ kioskPage: page }) => {
  const box = await page.getByRole('button', { name: 'Generar clave', exact: true }).boundingBox();
  expect(box).not.toBeNull();
  expect(await rightClickWasCancelled(page, (box?.x ?? 0) + 5, (box?.y ?? 0) + 5)).toBe(true);
});

test('masked personal data cannot be selected', async ({ kioskPage: page }) => {
  expect(await selectionAfterTripleClickOnPrivate(page)).toBe('');
});
