import { randomUUID } from 'node:crypto';
import { isGsm7Basic, septets, SINGLE_SEGMENT_SEPTETS } from './gsm7';
import type { CapturedSms, CapturedSmsOutbox, SmsSender } from './types';

/**
 * The built-in outbox used when SMS_URL is unset, listable like the capture mailbox (the host's
 * /buzon, a technician screen). Memory only, never written to disk, the last 50 messages; it
 * refuses what a real route would refuse (more than one GSM-7 segment, accents), so a demo
 * cannot pass with a message the SMS centre would drop.
 */
export const SMS_CAPTURE_LIMIT = 50;

export function createCaptureSmsSender(now: () => number = Date.now): SmsSender {
  const messages: CapturedSms[] = [];
  const outbox: CapturedSmsOutbox = {
    list: () => messages.map((m) => ({ ...m })).reverse(),
    latestTo(number) {
      for (let i = messages.length - 1; i >= 0; i--) {
        const m = messages[i];
        if (m && m.to === number) return { ...m };
      }
      return undefined;
    },
  };
  return {
    outbox,
    async send(sms) {
      if (!/^\d{8,15}$/.test(sms.to)) return { ok: false, reason: 'rejected' };
      if (!isGsm7Basic(sms.text) || septets(sms.text) > SINGLE_SEGMENT_SEPTETS)
        return { ok: false, reason: 'rejected' };
      messages.push({ to: sms.to, text: sms.text, sentAt: now() });
      if (messages.length > SMS_CAPTURE_LIMIT) messages.splice(0, messages.length - SMS_CAPTURE_LIMIT);
      return { ok: true, messageId: `capture-${randomUUID()}` };
    },
    // the numbers and codes go with the process, as DESIGN §4 wants of personal data
    async close() {
      messages.length = 0;
    },
  };
}
