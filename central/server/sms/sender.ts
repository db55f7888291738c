import { createCaptureSmsSender } from './capture';
import { withRetry, type SmsRetryPolicy } from './retry';
import { createSmppSender, parseSmsUrl } from './smpp';
import type { SmsSender } from './types';

export type { CapturedSms, CapturedSmsOutbox, OutgoingSms, SmsResult, SmsSender } from './types';

/**
 * DESIGN §5: SMS_URL set → deliver over SMPP; unset → the built-in capture outbox (memory only),
 * listable for technicians. A malformed URL is refused here (the config check catches it first).
 * An SMS centre that is down or busy is tried again a few times before the person is told
 * (`./retry`); the capture outbox never fails for a passing reason, so it is not wrapped.
 */
export function createSmsSender(options: { smsUrl?: string; timeoutMs?: number; retry?: SmsRetryPolicy }): SmsSender {
  if (options.smsUrl === undefined || options.smsUrl === '') return createCaptureSmsSender();
  const target = parseSmsUrl(options.smsUrl);
  if (!target) throw new Error('SMS_URL must look like smpp://user:pass@host:port');
  const smpp = createSmppSender({ target, ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}) });
  return withRetry(smpp, options.retry);
}
