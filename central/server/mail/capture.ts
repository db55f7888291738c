import { randomUUID } from 'node:crypto';
import { isSingleAddress } from './address';
import type { CapturedMail, CapturedMailbox, Mailer } from './types';

/**
 * The built-in mailbox used when SMTP_URL is unset (DESIGN §5), viewable in technician mode.
 * It lives in memory only and is never written to disk: the kiosk's data dir must hold no
 * plaintext email addresses (DESIGN §4). It keeps the last 50 mails and forgets on restart.
 */
export const CAPTURE_LIMIT = 50;

export function createCaptureMailer(): Mailer {
  const mails: CapturedMail[] = [];
  const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

  const mailbox: CapturedMailbox = {
    list: () => mails.map((m) => ({ ...m })).reverse(),
    latestTo(address) {
      for (let i = mails.length - 1; i >= 0; i--) {
        const mail = mails[i];
        if (mail && same(mail.to, address)) return { ...mail };
      }
      return undefined;
    },
  };

  return {
    mailbox,
    async send(mail) {
      if (!isSingleAddress(mail.to)) return { ok: false, reason: 'rejected' };
      mails.push({ to: mail.to, subject: mail.subject, text: mail.text, html: mail.html, sentAt: Date.now() });
      if (mails.length > CAPTURE_LIMIT) mails.splice(0, mails.length - CAPTURE_LIMIT);
      return { ok: true, messageId: `<${randomUUID()}@capture.kiosk>` };
    },
    // on shutdown the captured mails go with the process, as DESIGN §4 wants of personal data
    close() {
      mails.length = 0;
    },
  };
}
