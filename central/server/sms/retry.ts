import type { OutgoingSms, SmsResult, SmsSender } from './types';

/**
 * How a code that the SMS centre did not take is sent again. The person is standing at the kiosk
 * with the code's 5 minutes running, so the retries happen while the request waits, within a
 * budget, and then the kiosk is told plainly (wait, use the email link, or ask staff).
 *
 * Not a durable queue, on purpose, as the activation email (sent once per request, a failure
 * answered at once, nothing queued at the central): the code is kept only as a MAC at rest, so a
 * queue that outlives the process would have to store the code itself in the database; and a
 * code delivered after a restart would arrive when the person has long given up on it.
 */
export type SmsRetryPolicy = {
  /** tries of one message in all, the first included */
  attempts: number;
  /** the wait before the second try; each later wait is `factor` times the one before */
  firstDelayMs: number;
  factor: number;
  /**
   * No further try starts that would end past this much time since the first, reckoning it takes
   * as long as the last one did: a refused connection costs nothing, a silent centre its timeout.
   */
  budgetMs: number;
  /**
   * After a message failed every try, the SMS centre is taken as down for this long: one try a
   * message, no retries, so a burst of requests during an outage (or a script at a kiosk) cannot
   * multiply the connections the central opens to it.
   */
  downForMs: number;
};

export const SMS_RETRY: SmsRetryPolicy = {
  attempts: 3,
  firstDelayMs: 500,
  factor: 3,
  budgetMs: 8_000,
  downForMs: 30_000,
};

export type RetryClock = { now: () => number; sleep: (ms: number) => Promise<void> };

const realClock: RetryClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * Wraps a sender so that 'unavailable' (the centre down, busy or silent) is tried again with
 * growing waits; 'rejected' (this number or text will never go) is answered at once.
 */
export function withRetry(
  inner: SmsSender,
  policy: SmsRetryPolicy = SMS_RETRY,
  clock: RetryClock = realClock,
): SmsSender {
  let downUntil = 0;

  async function send(sms: OutgoingSms): Promise<SmsResult> {
    const started = clock.now();
    const attempts = started < downUntil ? 1 : policy.attempts;
    let delay = policy.firstDelayMs;
    let result: SmsResult = { ok: false, reason: 'unavailable' };
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const tryStarted = clock.now();
      result = await inner.send(sms);
      const tryCost = clock.now() - tryStarted;
      if (result.ok) {
        downUntil = 0;
        return result;
      }
      if (result.reason === 'rejected') return result;
      if (attempt === attempts || clock.now() + delay + tryCost - started > policy.budgetMs) break;
      await clock.sleep(delay);
      delay *= policy.factor;
    }
    downUntil = clock.now() + policy.downForMs;
    return result;
  }

  return {
    send,
    get outbox() {
      return inner.outbox;
    },
    close: () => inner.close(),
  };
}
