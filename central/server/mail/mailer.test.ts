import { once } from 'node:events';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { CAPTURE_LIMIT } from './capture';
import { createMailer, type Mailer, type OutgoingMail } from './mailer';
import { classifySmtpError } from './smtp';
import { startTestSmtp, unusedPort } from './testing';

const FROM = 'IESS Clave <no-responder@iess.gob.ec>';
const mail = (to: string, n = 1): OutgoingMail => ({
  to,
  subject: `ACTIVACIÓN CLAVE ${n}`,
  text: `Enlace:\nhttps://central.test/a/${n}\n`,
  html: `<p><a href="https://central.test/a/${n}">CLIC PARA CONTINUAR</a></p>`,
});

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
function track(mailer: Mailer): Mailer {
  cleanups.push(() => mailer.close());
  return mailer;
}

describe('SMTP mailer', () => {
  it('delivers subject, recipient, html and text to a real SMTP server', async () => {
    const inbox = await startTestSmtp();
    cleanups.push(inbox.close);
    const mailer = track(createMailer({ smtpUrl: `smtp://127.0.0.1:${inbox.port}`, from: FROM, timeoutMs: 2_000 }));

    const result = await mailer.send(mail('maria@example.com'));

    expect(result).toEqual({ ok: true, messageId: expect.stringMatching(/^<.+@.+>$/) });
    expect(mailer.mailbox).toBeNull();
    expect(inbox.received).toHaveLength(1);
    const got = inbox.received[0];
    expect(got?.subject).toBe('ACTIVACIÓN CLAVE 1');
    expect(got?.to && !Array.isArray(got.to) ? got.to.text : '').toBe('maria@example.com');
    expect(got?.from?.text).toContain('no-responder@iess.gob.ec');
    expect(got?.html).toContain('<a href="https://central.test/a/1">CLIC PARA CONTINUAR</a>');
    expect(got?.text).toContain('https://central.test/a/1');
  });

  it('reports a dead port as unavailable, quickly', async () => {
    const port = await unusedPort();
    const mailer = track(createMailer({ smtpUrl: `smtp://127.0.0.1:${port}`, from: FROM, timeoutMs: 1_000 }));
    const started = Date.now();
    expect(await mailer.send(mail('maria@example.com'))).toEqual({ ok: false, reason: 'unavailable' });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('reports a server that never greets as unavailable within its timeouts', async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => sockets.push(socket));
    silent.listen(0, '127.0.0.1');
    await once(silent, 'listening');
    cleanups.push(
      () =>
        new Promise<void>((resolve) => {
          for (const s of sockets) s.destroy();
          silent.close(() => resolve());
        }),
    );
    const { port } = silent.address() as AddressInfo;
    const mailer = track(createMailer({ smtpUrl: `smtp://127.0.0.1:${port}`, from: FROM, timeoutMs: 300 }));
    const started = Date.now();
    expect(await mailer.send(mail('maria@example.com'))).toEqual({ ok: false, reason: 'unavailable' });
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('reports a 550 for the recipient as rejected', async () => {
    const inbox = await startTestSmtp({ refuse: 'nadie@example.com' });
    cleanups.push(inbox.close);
    const mailer = track(createMailer({ smtpUrl: `smtp://127.0.0.1:${inbox.port}`, from: FROM, timeoutMs: 2_000 }));
    expect(await mailer.send(mail('nadie@example.com'))).toEqual({ ok: false, reason: 'rejected' });
    expect(inbox.received).toHaveLength(0);
  });

  it('refuses anything but one plain address before connecting', async () => {
    const inbox = await startTestSmtp();
    cleanups.push(inbox.close);
    const mailer = track(createMailer({ smtpUrl: `smtp://127.0.0.1:${inbox.port}`, from: FROM }));
    for (const to of ['a@x.ec, b@y.ec', 'Maria <maria@example.com>', 'maria', 'maria@example', 'ma ria@example.com']) {
      expect(await mailer.send(mail(to))).toEqual({ ok: false, reason: 'rejected' });
    }
    expect(inbox.received).toHaveLength(0);
  });
});

describe('classifySmtpError', () => {
  it('tells temporary from permanent failures', () => {
    expect(classifySmtpError({ code: 'ECONNECTION' })).toBe('unavailable');
    expect(classifySmtpError({ code: 'EENVELOPE', responseCode: 451 })).toBe('unavailable');
    expect(classifySmtpError({ code: 'EENVELOPE', responseCode: 550 })).toBe('rejected');
    expect(classifySmtpError({ code: 'EAUTH', responseCode: 535 })).toBe('unavailable');
    expect(classifySmtpError({ code: 'EENVELOPE' })).toBe('rejected');
    expect(classifySmtpError('boom')).toBe('unavailable');
  });
});

describe('capture mailbox', () => {
  it('keeps mails in memory, newest first, and finds the latest per address', async () => {
    const mailer = track(createMailer({ from: FROM }));
    const box = mailer.mailbox;
    expect(box).not.toBeNull();
    await mailer.send(mail('maria@example.com', 1));
    await mailer.send(mail('otro@example.com', 2));
    const third = await mailer.send(mail('maria@example.com', 3));
    expect(third.ok).toBe(true);

    expect(box?.list().map((m) => m.subject)).toEqual([
      'ACTIVACIÓN CLAVE 3',
      'ACTIVACIÓN CLAVE 2',
      'ACTIVACIÓN CLAVE 1',
    ]);
    const latest = box?.latestTo(' MARIA@example.com ');
    expect(latest).toMatchObject({
      to: 'maria@example.com',
      subject: 'ACTIVACIÓN CLAVE 3',
      text: mail('', 3).text,
      html: mail('', 3).html,
    });
    expect(latest?.sentAt).toBeTypeOf('number');
    expect(box?.latestTo('nadie@example.com')).toBeUndefined();
  });

  it(`holds only the last ${CAPTURE_LIMIT} mails`, async () => {
    const mailer = track(createMailer({ from: FROM, smtpUrl: '' }));
    for (let n = 1; n <= CAPTURE_LIMIT + 5; n++) await mailer.send(mail('maria@example.com', n));
    const list = mailer.mailbox?.list() ?? [];
    expect(list).toHaveLength(CAPTURE_LIMIT);
    expect(list[0]?.subject).toBe(`ACTIVACIÓN CLAVE ${CAPTURE_LIMIT + 5}`);
    expect(list.at(-1)?.subject).toBe('ACTIVACIÓN CLAVE 6');
  });

  it('hands out copies, so a caller cannot edit what technicians will read', async () => {
    const mailer = track(createMailer({ from: FROM }));
    await mailer.send(mail('maria@example.com'));
    const copy = mailer.mailbox?.list()[0];
    if (copy) copy.subject = 'changed';
    expect(mailer.mailbox?.list()[0]?.subject).toBe('ACTIVACIÓN CLAVE 1');
  });

  it('refuses a list of recipients like the SMTP mailer does', async () => {
    const mailer = track(createMailer({ from: FROM }));
    expect(await mailer.send(mail('a@x.ec, b@y.ec'))).toEqual({ ok: false, reason: 'rejected' });
    expect(mailer.mailbox?.list()).toEqual([]);
  });
});
