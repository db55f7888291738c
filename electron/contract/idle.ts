/**
 * How long the kiosk waits before it warns and before it clears the screen (DESIGN §5, §6). The
 * renderer runs the visible timer and the core enforces the same limit, so both read this rule.
 * The office's KIOSK_IDLE_* values apply everywhere; on the screens where a person types long
 * text (an email, a clave, security answers) a slow typist on an on-screen keyboard needs
 * longer, so there the warning comes no sooner than TYPING_WARN_SECONDS and the person always
 * has at least TYPING_EXTEND_SECONDS to tap "Continuar" (WCAG 2.2.1 Timing Adjustable).
 */
export const TYPING_WARN_SECONDS = 120;
export const TYPING_EXTEND_SECONDS = 30;

const typingScreens: ReadonlySet<string> = new Set(['email', 'password', 'securityQuestions']);

export type IdleTiming = { warnSeconds: number; resetSeconds: number };

/** The timing on `screen` (a flow screen, or 'welcome'). */
export function idleTiming(base: IdleTiming, screen: string): IdleTiming {
  if (!typingScreens.has(screen)) return base;
  const warnSeconds = Math.max(base.warnSeconds, TYPING_WARN_SECONDS);
  const extend = Math.max(base.resetSeconds - base.warnSeconds, TYPING_EXTEND_SECONDS);
  return { warnSeconds, resetSeconds: warnSeconds + extend };
}
