import { createCaptureMailer } from './capture';
import { createSmtpMailer } from './smtp';
import type { Mailer } from './types';

export type { CapturedMail, CapturedMailbox, Mailer, OutgoingMail, SendResult } from './types';

export type MailerOptions = { smtpUrl?: string; from: string; timeoutMs?: number };

/**
 * DESIGN §5: SMTP_URL set → deliver over SMTP; unset → the built-in capture mailbox (memory
 * only), viewable in technician mode. `send` never throws: failures are values.
 */
export function createMailer(options: MailerOptions): Mailer {
  if (options.smtpUrl !== undefined && options.smtpUrl !== '') {
    return createSmtpMailer({ smtpUrl: options.smtpUrl, from: options.from, timeoutMs: options.timeoutMs });
  }
  return createCaptureMailer();
}
