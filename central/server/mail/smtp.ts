import nodemailer from 'nodemailer';
import { isSingleAddress } from './address';
import type { Mailer, SendResult } from './types';

/**
 * SMTP delivery through nodemailer. Every failure comes back as a value: a dead or silent server
 * must fail fast (the person is waiting at the kiosk, DESIGN §4: "the kiosk says so plainly"),
 * hence short connection, greeting and socket timeouts and an overall deadline besides.
 */
export const DEFAULT_SMTP_TIMEOUT_MS = 5_000;

type SmtpOptions = { smtpUrl: string; from: string; timeoutMs?: number };

function field(error: unknown, key: 'code' | 'responseCode'): unknown {
  return typeof error === 'object' && error !== null && key in error
    ? (error as Record<string, unknown>)[key]
    : undefined;
}

/** 5xx (other than a failed login, which is our configuration) means this mail will never go. */
export function classifySmtpError(error: unknown): 'unavailable' | 'rejected' {
  const code = field(error, 'code');
  const responseCode = field(error, 'responseCode');
  if (code === 'EAUTH') return 'unavailable';
  if (typeof responseCode === 'number') return responseCode >= 500 ? 'rejected' : 'unavailable';
  return code === 'EENVELOPE' ? 'rejected' : 'unavailable';
}

export function createSmtpMailer(options: SmtpOptions): Mailer {
  const timeoutMs = options.timeoutMs ?? DEFAULT_SMTP_TIMEOUT_MS;
  const transport = nodemailer.createTransport({
    url: options.smtpUrl,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    dnsTimeout: timeoutMs,
  });

  async function deliver(mail: Parameters<Mailer['send']>[0]): Promise<SendResult> {
    try {
      const info = await transport.sendMail({ from: options.from, ...mail });
      return { ok: true, messageId: info.messageId };
    } catch (error) {
      return { ok: false, reason: classifySmtpError(error) };
    }
  }

  return {
    mailbox: null,
    async send(mail) {
      if (!isSingleAddress(mail.to)) return { ok: false, reason: 'rejected' };
      let timer: NodeJS.Timeout | undefined;
      // connect + greet + data each have their own timeout; this bounds their sum
      const deadline = new Promise<SendResult>((resolve) => {
        timer = setTimeout(() => resolve({ ok: false, reason: 'unavailable' }), timeoutMs * 3);
      });
      try {
        return await Promise.race([deliver(mail), deadline]);
      } finally {
        clearTimeout(timer);
      }
    },
    close() {
      transport.close();
    },
  };
}
