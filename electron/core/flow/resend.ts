import { fail, ok, type Result } from '../../contract/result';
import type { SessionData } from './context';

/** trámite step 9: RESEND is rate limited — at most 3 per session, 30 seconds apart */
export const RESEND_LIMIT = 3;
export const RESEND_GAP_MS = 30_000;

export function resendsLeft(s: SessionData): number {
  return Math.max(0, RESEND_LIMIT - s.sends.resendsUsed);
}

/** The 30 s spacing holds only while a link is alive: once it expired, RESEND is available at once. */
export function resendAvailableAt(s: SessionData): number {
  const spaced = s.sends.lastSentAt + RESEND_GAP_MS;
  // an employer code dies at its expiry too: from then on a new one may go out at once
  if (s.employer) return Math.min(spaced, s.employer.codeExpiresAt);
  const link = s.activation;
  if (!link) return spaced;
  // expired (as the poll found, or as the clock says): RESEND at once; the 3-per-session limit stays
  return link.expired ? s.sends.lastSentAt : Math.min(spaced, link.expiresAt);
}

/** Whether another mail may go out now; the refusal says how long to wait. */
export function checkResend(s: SessionData, now: number): Result<true> {
  if (resendsLeft(s) === 0) return fail('resend_limit');
  const wait = resendAvailableAt(s) - now;
  if (wait > 0) return fail('rate_limited', { retryAfterSeconds: Math.ceil(wait / 1000) });
  return ok(true);
}

/** Records a mail that went out; `resend` counts against the limit, the first send does not. */
export function recordSend(s: SessionData, now: number, resend: boolean): void {
  s.sends = { resendsUsed: s.sends.resendsUsed + (resend ? 1 : 0), lastSentAt: now };
}
