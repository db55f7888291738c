import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/**
 * The load test's SMTP relay, in a process of its own: sharing the load client's event loop, it
 * answered the central's greeting late while the client was signing hundreds of requests a
 * second, and the central's mailer (5 s per SMTP step) gave up with `mail_unavailable`. A real
 * relay is another machine; this keeps it at least another process. Each mail received is handed
 * to the parent as { to, text } over IPC.
 */
async function main(): Promise<void> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    // a relay on 127.0.0.1 has no name to find: the reverse look-up only delays the greeting
    disableReverseLookup: true,
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          for (const rcpt of session.envelope.rcptTo) process.send?.({ to: rcpt.address, text: mail.text ?? '' });
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  server.listen(0, '127.0.0.1');
  await once(server.server, 'listening');
  process.send?.({ port: (server.server.address() as AddressInfo).port });
  // the parent going away (or telling us to stop) ends the relay
  process.on('disconnect', () => server.close(() => process.exit(0)));
}

void main();
