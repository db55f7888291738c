import type { Presence } from '../../../electron/contract';

/** How recently a finger must have gone down on the box for its click to count as a touch. */
const POINTER_WINDOW_MS = 1500;

/**
 * Builds the "No soy un robot" proof (DESIGN §2 step 3) from the real click that ticked the box.
 * A script's synthetic click is not trusted and yields null, so nothing is sent.
 */
export function presenceFromClick(
  event: { isTrusted: boolean },
  lastPointerDownAt: number | null,
  shownAt: number,
  at: number,
): Presence | null {
  if (!event.isTrusted) return null;
  const viaPointer = lastPointerDownAt !== null && at - lastPointerDownAt <= POINTER_WINDOW_MS;
  return {
    trusted: true,
    via: viaPointer ? 'pointer' : 'keyboard',
    elapsedMs: Math.max(0, Math.min(86_400_000, Math.round(at - shownAt))),
  };
}
