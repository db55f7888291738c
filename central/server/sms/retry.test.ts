import { describe, expect, it } from 'vitest';
import { SMS_RETRY, withRetry, type RetryClock, type SmsRetryPolicy } from './retry';
import type { SmsResult, SmsSender } from './types';

/** A sender that answers from a script, one result a call, and a clock that only moves when slept on. */
function scripted(results: SmsResult[], costMs = 0) {
  const calls: number[] = [];
  const clock = { t: 0, slept: [] as number[] };
  const fake: RetryClock = {
    now: () => clock.t,
    sleep: async (ms) => {
      clock.slept.push(ms);
      clock.t += ms;
    },
  };
  const inner: SmsSender = {
    outbox: null,
    async send() {
      calls.push(clock.t);
      clock.t += costMs;
      return results.shift() ?? { ok: false, reason: 'unavailable' };
    },
    close: async () => undefined,
  };
  return { inner, calls, clock, fake };
}

const down: SmsResult = { ok: false, reason: 'unavailable' };
const sent: SmsResult = { ok: true, messageId: 'm-1' };
const sms = { to: '0991234567', text: 'IESS: 123456' };

describe('SMS retry', () => {
  it('a centre that fails twice and then takes the message: delivered on the third try, after growing waits', async () => {
    const s = scripted([down, down, sent]);
    const sender = withRetry(s.inner, SMS_RETRY, s.fake);
    expect(await sender.send(sms)).toEqual(sent);
    expect(s.calls).toHaveLength(3);
    expect(s.clock.slept).toEqual([500, 1_500]);
  });

  it('bounded: a centre that stays down is tried the policy’s number of times, then the failure is answered', async () => {
    const s = scripted([down, down, down, down, down]);
    expect(await withRetry(s.inner, SMS_RETRY, s.fake).send(sms)).toEqual(down);
    expect(s.calls).toHaveLength(SMS_RETRY.attempts);
  });

  it('a refused message (bad number, text) is never sent again', async () => {
    const s = scripted([{ ok: false, reason: 'rejected' }, sent]);
    expect(await withRetry(s.inner, SMS_RETRY, s.fake).send(sms)).toEqual({ ok: false, reason: 'rejected' });
    expect(s.calls).toHaveLength(1);
    expect(s.clock.slept).toEqual([]);
  });

  it('the person waits at most the budget: a silent centre (each try times out) is not tried past it', async () => {
    const policy: SmsRetryPolicy = { ...SMS_RETRY, attempts: 5, budgetMs: 8_000 };
    const s = scripted([], 5_000); // every try takes the 5 s SMPP timeout
    expect(await withRetry(s.inner, policy, s.fake).send(sms)).toEqual(down);
    // a second try would end at 5 + 0.5 + 5 = 10.5 s, past the 8 s: none is started
    expect(s.calls).toEqual([0]);
    expect(s.clock.t).toBeLessThanOrEqual(policy.budgetMs);
  });

  it('while the centre is known down, a flood of requests opens one connection each, not three', async () => {
    const s = scripted([]);
    const sender = withRetry(s.inner, SMS_RETRY, s.fake);
    await sender.send(sms);
    expect(s.calls).toHaveLength(3);
    for (let i = 0; i < 10; i++) expect(await sender.send(sms)).toEqual(down);
    expect(s.calls).toHaveLength(3 + 10);
    // once the down time is over, retries are back
    s.clock.t += SMS_RETRY.downForMs;
    await sender.send(sms);
    expect(s.calls).toHaveLength(3 + 10 + 3);
  });

  it('a message that goes through ends the down time at once', async () => {
    const s = scripted([down, down, down, sent, down, sent]);
    const sender = withRetry(s.inner, SMS_RETRY, s.fake);
    await sender.send(sms);
    expect(await sender.send(sms)).toEqual(sent); // one try while down, and it went
    expect(await sender.send(sms)).toEqual(sent); // retried again: down, then sent
    expect(s.calls).toHaveLength(6);
  });
});
