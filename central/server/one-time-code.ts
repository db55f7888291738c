import { randomCode } from './secrets';

/**
 * What both confirmation codes share, the employer's (by mail) and the SMS one: a fresh 6-digit
 * code from the CSPRNG with its expiry, and the order a typed code is judged in. Spent tries are
 * looked at before the expiry, so a locked code never says "expired, ask for another".
 */
export type CodeState = { verified: boolean; attemptsLeft: number; expiresAt: number };
export type CodeJudgement = 'verified' | 'exhausted' | 'expired' | 'compare';

export function newCode(ttlSeconds: number, now: number): { code: string; expiresAt: number } {
  return { code: randomCode(), expiresAt: now + ttlSeconds * 1000 };
}

export function judgeCode(state: CodeState, now: number): CodeJudgement {
  if (state.verified) return 'verified';
  if (state.attemptsLeft <= 0) return 'exhausted';
  if (state.expiresAt <= now) return 'expired';
  return 'compare';
}
