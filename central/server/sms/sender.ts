import { createCaptureSmsSender } from './capture';
import { createSmppSender, parseSmsUrl } from './smpp';
import type { SmsSender } from './types';

export type { CapturedSms, CapturedSmsOutbox, OutgoingSms, SmsResult, SmsSender } from './types';

/**
 * DESIGN §5: SMS_URL set → deliver over SMPP; unset → the built-in capture outbox (memory only),
 * listable for technicians. A malformed URL is refused here (the config check catches it first).
 */
export function createSmsSender(options: { smsUrl?: string; timeoutMs?: number }): SmsSender {
  if (options.smsUrl === undefined || options.smsUrl === '') return createCaptureSmsSender();
  const target = parseSmsUrl(options.smsUrl);
  if (!target) throw new Error('SMS_URL must look like smpp://user:pass@host:port');
  return createSmppSender({ target, ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}) });
}
