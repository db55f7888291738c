import { fail, ok, type Result } from '../../contract/result';
import type { Sends } from './context';

/** trámite step 9: RESEND is rate limited — at most 3 per session, 30 seconds apart */
export const RESEND_LIMIT = 3;
export const RESEND_GAP_MS = 30_000;

/** What was sent last: an activation link (which the poll may have found expired) or an employer code. */
export type SentItem = { expiresAt: number; expired?: boolean };

export function resendsLeft(sends: Sends): number {
  return Math.max(0, RESEND_LIMIT - sends.resendsUsed);
}

/** The 30 s spacing holds only while the link or code is alive: once it expired, RESEND is available at once. */
export function resendAvailableAt(sends: Sends, sent: SentItem): number {
  // expired (as the poll found): RESEND at once; the 3-per-session limit stays
  if (sent.expired) return sends.lastSentAt;
  return Math.min(sends.lastSentAt + RESEND_GAP_MS, sent.expiresAt);
}

/** Whether another mail may go out now; the refusal says how long to wait. */
export function checkResend(sends: Sends, sent: SentItem, now: number): Result<true> {
  if (resendsLeft(sends) === 0) return fail('resend_limit');
  const wait = resendAvailableAt(sends, sent) - now;
  if (wait > 0) return fail('rate_limited', { retryAfterSeconds: Math.ceil(wait / 1000) });
  return ok(true);
}

/** The count after a mail went out; `resend` counts against the limit, the first send does not. */
export function recordSend(sends: Sends, now: number, resend: boolean): Sends {
  return { resendsUsed: sends.resendsUsed + (resend ? 1 : 0), lastSentAt: now };
}
