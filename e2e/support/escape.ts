import { expect, type Page } from '@playwright/test';

/**
 * Escape attempts shared by e2e/escape.spec.ts (Chromium + web host) and
 * e2e/escape.electron.spec.ts (the Electron kiosk). Each one is something a person at the kiosk,
 * or a script that got into the page, could try; each asserts the page is still the kiosk.
 * No sleeps: every check reads state back from the page (STYLE: wait on app events).
 */

export const ESCAPE_URLS = [
  'https://example.com/',
  'http://169.254.169.254/latest/meta-data/',
  'file:///etc/passwd',
  'javascript:window.__escaped = true',
  'data:text/html,<h1>escaped</h1>',
];

/** Sets a marker that only survives if the document is never replaced. */
export async function markDocument(page: Page): Promise<string> {
  const origin = await page.evaluate(() => {
    (window as unknown as { __kioskMarker?: boolean }).__kioskMarker = true;
    return location.origin;
  });
  return origin;
}

export async function expectStillTheKiosk(page: Page, origin: string): Promise<void> {
  await expect(page.locator('html[data-kiosk-ready="true"]')).toBeAttached();
  const state = await page.evaluate(() => ({
    origin: location.origin,
    marker: (window as unknown as { __kioskMarker?: boolean }).__kioskMarker === true,
    escaped: (window as unknown as { __escaped?: boolean }).__escaped === true,
  }));
  expect(state).toEqual({ origin, marker: true, escaped: false });
  expect(new URL(page.url()).origin).toBe(origin);
}

/** Assigns window.location from inside the page (an exception from a refused assignment is fine). */
export async function tryNavigate(page: Page, url: string): Promise<void> {
  await page.evaluate((target) => {
    try {
      window.location.href = target;
    } catch {
      // refused synchronously: that is the point
    }
  }, url);
}

export async function windowOpenResults(page: Page): Promise<unknown[]> {
  return page.evaluate(() =>
    ['https://example.com/', '/', 'about:blank', 'file:///etc/passwd'].map((url) => window.open(url, '_blank')),
  );
}

/** Dispatches dragover and drop carrying a file and a link; returns whether each was cancelled. */
export async function dropFileAndLink(page: Page): Promise<Record<string, boolean>> {
  return page.evaluate(() => {
    const results: Record<string, boolean> = {};
    const targets: Array<[string, Element]> = [
      ['app', document.querySelector('#app') ?? document.body],
      ['margin', document.documentElement],
    ];
    for (const [name, target] of targets) {
      for (const type of ['dragover', 'drop'] as const) {
        const data = new DataTransfer();
        data.items.add(new File(['<script>alert(1)</script>'], 'evil.html', { type: 'text/html' }));
        data.setData('text/uri-list', 'https://example.com/');
        const event = new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: data });
        target.dispatchEvent(event);
        results[`${name}:${type}`] = event.defaultPrevented;
      }
    }
    return results;
  });
}

/** A real right click on a visible control; a late window listener reports whether it was cancelled. */
export async function rightClickWasCancelled(page: Page, x: number, y: number): Promise<boolean> {
  await page.evaluate(() => {
    const w = window as unknown as { __contextMenu?: boolean[] };
    w.__contextMenu = [];
    window.addEventListener('contextmenu', (e) => w.__contextMenu?.push(e.defaultPrevented));
  });
  await page.mouse.click(x, y, { button: 'right' });
  const seen = await page.evaluate(() => (window as unknown as { __contextMenu?: boolean[] }).__contextMenu ?? []);
  expect(seen.length).toBeGreaterThan(0);
  return seen.every(Boolean);
}

/**
 * Puts a masked value in the app root, as a screen does (the renderer marks masked personal data
 * with data-private), triple-clicks it, and returns what got selected.
 */
export async function selectionAfterTripleClickOnPrivate(page: Page): Promise<string> {
  await page.evaluate(() => {
    const masked = document.createElement('p');
    masked.dataset.private = '';
    masked.id = 'escape-test-masked';
    masked.textContent = 'ma•••@example.com 17••••••65';
    (document.querySelector('#app') ?? document.body).prepend(masked);
  });
  await page.locator('#escape-test-masked').click({ clickCount: 3 });
  return page.evaluate(() => window.getSelection()?.toString() ?? '');
}
