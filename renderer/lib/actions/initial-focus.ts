import type { Action } from 'svelte/action';

/** Focuses a screen's first field when it appears, so the on-screen keys have a place to type. */
export const initialFocus: Action<HTMLElement, boolean | undefined> = (node, enabled = true) => {
  if (enabled) queueMicrotask(() => node.focus({ preventScroll: true }));
};
