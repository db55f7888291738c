import type { Action } from 'svelte/action';

const focusableSelector =
  'button:not([disabled]), input:not([disabled]), select:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** Next element to focus when Tab leaves `current`, wrapping at both ends. */
export function wrapFocus<T>(items: readonly T[], current: T | null, backwards: boolean): T | undefined {
  if (items.length === 0) return undefined;
  const index = current === null ? -1 : items.indexOf(current);
  if (backwards) return index <= 0 ? items[items.length - 1] : items[index - 1];
  return index === -1 || index === items.length - 1 ? items[0] : items[index + 1];
}

/**
 * Keeps Tab inside a dialog and focuses its first control, so a keyboard or switch user cannot
 * wander behind a modal; focus returns where it was when the dialog closes.
 */
export const focusTrap: Action<HTMLElement> = (node) => {
  const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  const focusables = () => [...node.querySelectorAll<HTMLElement>(focusableSelector)];
  queueMicrotask(() => focusables()[0]?.focus());

  const onKeydown = (event: KeyboardEvent) => {
    if (event.key !== 'Tab') return;
    const active = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const next = wrapFocus(focusables(), active, event.shiftKey);
    if (next) {
      event.preventDefault();
      next.focus();
    }
  };
  node.addEventListener('keydown', onKeydown);
  return {
    destroy() {
      node.removeEventListener('keydown', onKeydown);
      if (previous?.isConnected) previous.focus({ preventScroll: true });
    },
  };
};
