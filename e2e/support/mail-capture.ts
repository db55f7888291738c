import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export type CapturedMessage = { to: string[]; subject: string; html: string; text: string; raw: ParsedMail };

/**
 * A real SMTP server on loopback, so the kiosk sends mail with nodemailer exactly as it would to
 * the IESS relay, and the test reads what arrived.
 */
export async function startMailCapture(): Promise<{
  url: string;
  messages: CapturedMessage[];
  waitFor: (match: (m: CapturedMessage) => boolean, timeoutMs?: number) => Promise<CapturedMessage>;
  close: () => Promise<void>;
}> {
  const messages: CapturedMessage[] = [];
  const waiters = new Set<() => void>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          const to = [mail.to].flat().flatMap((a) => (a ? a.value.map((v) => v.address ?? '') : []));
          messages.push({
            to,
            subject: mail.subject ?? '',
            html: typeof mail.html === 'string' ? mail.html : '',
            text: mail.text ?? '',
            raw: mail,
          });
          for (const wake of waiters) wake();
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    waitFor(match, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = messages.find(match);
          if (!found) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching mail in ${timeoutMs} ms; got: ${messages.map((m) => m.subject).join(', ')}`));
        }, timeoutMs);
        if (!check()) waiters.add(check);
      });
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The href of the email's "CLIC PARA CONTINUAR" button. */
export function activationLinkOf(message: CapturedMessage): string {
  const match = /<a[^>]+href="([^"]+)"[^>]*>[\s\S]*?CLIC PARA CONTINUAR/.exec(message.html);
  if (!match?.[1]) throw new Error('no CLIC PARA CONTINUAR link in the mail');
  return match[1].replace(/&amp;/g, '&');
}
