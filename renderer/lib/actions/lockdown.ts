/**
 * The kiosk page's own lockdown (DESIGN §6), the renderer half of what main does in Electron and
 * the only half in a browser: no context menu, no file or link dropped onto the page (Chromium
 * would navigate to it), no dragging links or images out, masked personal data that cannot be
 * selected or copied, no window.open and no navigation off the app's origin. Use on the app
 * root: `<div use:lockdown>`.
 *
 * Listeners go on the node's document when it has one (capture phase), so a drop on the margin
 * outside the root is refused too. Styling `[data-private] { user-select: none }` in the global
 * CSS is the belt to these braces.
 */

/** What the action needs of a node: events, and optionally the document and window it lives in. */
export type LockdownNode = EventTarget & { ownerDocument?: DocumentLike | null };
type DocumentLike = EventTarget & { getSelection?: () => SelectionLike | null; defaultView?: WindowLike | null };
type WindowLike = { open: (...args: never[]) => unknown; location: { origin: string }; navigation?: EventTarget };
type SelectionLike = { anchorNode: unknown; focusNode: unknown; removeAllRanges(): void };
type ElementLike = { closest?: (selector: string) => unknown; parentElement?: unknown };

export const PRIVATE_SELECTOR = '[data-private]';
const DRAGGABLE_SELECTOR = 'a, img, [data-private]';

/** The element an event or selection endpoint belongs to (text nodes have no closest()). */
function elementOf(target: unknown): ElementLike | null {
  if (typeof target !== 'object' || target === null) return null;
  const el = target as ElementLike;
  if (typeof el.closest === 'function') return el;
  return elementOf(el.parentElement);
}

const within = (target: unknown, selector: string) => Boolean(elementOf(target)?.closest?.(selector));

export function lockdown(node: LockdownNode): { destroy(): void } {
  const scope: EventTarget = node.ownerDocument ?? node;
  const doc = node.ownerDocument ?? null;

  const selectionTouchesPrivate = (): boolean => {
    const selection = doc?.getSelection?.();
    if (!selection) return false;
    return within(selection.anchorNode, PRIVATE_SELECTOR) || within(selection.focusNode, PRIVATE_SELECTOR);
  };

  const handlers: Array<[string, (event: Event) => void]> = [
    // long-press on a touch screen opens it too: no "Inspect", "Print", "Save as"
    ['contextmenu', (e) => e.preventDefault()],
    // Chromium navigates to a file or URL dropped on the page unless both are cancelled
    ['dragover', (e) => e.preventDefault()],
    ['drop', (e) => e.preventDefault()],
    [
      'dragstart',
      (e) => {
        if (within(e.target, DRAGGABLE_SELECTOR)) e.preventDefault();
      },
    ],
    // masked data (cédula, email) must not be selected, then copied or dragged (privacy, DESIGN §6)
    [
      'selectstart',
      (e) => {
        if (within(e.target, PRIVATE_SELECTOR)) e.preventDefault();
      },
    ],
    [
      'copy',
      (e) => {
        if (within(e.target, PRIVATE_SELECTOR) || selectionTouchesPrivate()) e.preventDefault();
      },
    ],
    [
      'cut',
      (e) => {
        if (within(e.target, PRIVATE_SELECTOR) || selectionTouchesPrivate()) e.preventDefault();
      },
    ],
    // middle click would ask for a new window
    ['auxclick', (e) => e.preventDefault()],
    // so would a link with a target, or a Ctrl/Shift/Cmd click on any link
    [
      'click',
      (e) => {
        const link = elementOf(e.target)?.closest?.('a') as
          { getAttribute?: (name: string) => string | null } | null | undefined;
        if (!link) return;
        const target = link.getAttribute?.('target') ?? null;
        const mouse = e as Event & { ctrlKey?: boolean; shiftKey?: boolean; metaKey?: boolean };
        if (
          (target !== null && target !== '' && target !== '_self') ||
          mouse.ctrlKey ||
          mouse.shiftKey ||
          mouse.metaKey
        )
          e.preventDefault();
      },
    ],
  ];
  for (const [type, handler] of handlers) scope.addEventListener(type, handler, { capture: true });

  // the window: no new windows, and no navigation away from the app's origin. In Electron main
  // refuses these too (setWindowOpenHandler, will-navigate); in a browser this is the only guard.
  // file: and data: URLs are refused by Chromium itself, javascript: URLs by the CSP.
  const win = doc?.defaultView ?? null;
  const originalOpen = win?.open;
  const refuseOpen = () => null;
  if (win) win.open = refuseOpen;
  const onNavigate = (event: Event) => {
    const url = (event as Event & { destination?: { url?: string } }).destination?.url;
    if (!win || url === undefined) return;
    let origin: string | null = null;
    try {
      origin = new URL(url).origin;
    } catch {
      // an unparsable destination is not the app
    }
    if (origin !== win.location.origin && event.cancelable) event.preventDefault();
  };
  win?.navigation?.addEventListener('navigate', onNavigate);

  // a selection started outside and dragged over masked data is dropped as soon as it touches it
  const onSelectionChange = () => {
    if (selectionTouchesPrivate()) doc?.getSelection?.()?.removeAllRanges();
  };
  doc?.addEventListener('selectionchange', onSelectionChange);

  return {
    destroy() {
      for (const [type, handler] of handlers) scope.removeEventListener(type, handler, { capture: true });
      doc?.removeEventListener('selectionchange', onSelectionChange);
      win?.navigation?.removeEventListener('navigate', onNavigate);
      if (win && originalOpen && win.open === refuseOpen) win.open = originalOpen;
    },
  };
}
