import type { DemoMail, DemoMailbox, DemoSms, DemoSmsOutbox } from '../core/boot';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Its own policy: a page of plain text and links, nothing to run. */
export const MAILBOX_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

/** Text part of a mail, escaped, with its web addresses made into links. */
function linkify(text: string): string {
  return escape(text).replace(
    /https?:\/\/[^\s<]+/g,
    (url) => `<a href="${url}" rel="noreferrer" target="_blank">${url}</a>`,
  );
}

/**
 * The built-in capture mailbox, for demos on one machine with no SMTP server (DESIGN §5). It is
 * served by the web host only; the Electron kiosk window cannot navigate to it.
 */
export function renderMailbox(mails: DemoMail[], sms: DemoSms[] = []): string {
  const items = mails
    .slice()
    .reverse()
    .map(
      (m) =>
        `<article><h2>${escape(m.subject)}</h2><p class="meta">Para: ${escape(m.to)} · ${new Date(m.sentAt).toISOString()}</p><pre>${linkify(m.text)}</pre></article>`,
    )
    .join('');
  // the SMS codes the embedded central would have sent to a phone, newest first
  const texts = sms
    .map(
      (m) =>
        `<article class="sms"><p class="meta">SMS para: ${escape(m.to)} · ${new Date(m.sentAt).toISOString()}</p><pre>${escape(m.text)}</pre></article>`,
    )
    .join('');
  return `<!doctype html><html lang="es"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Buzón de prueba</title>
<style>body{font-family:sans-serif;max-width:760px;margin:auto;padding:1rem;color:#14213d}article{border:1px solid #c8d0e0;border-radius:8px;padding:1rem;margin:1rem 0}pre{white-space:pre-wrap;font-size:1rem}.meta{color:#444}</style></head>
<body><h1>Buzón de prueba del kiosco</h1><p>Sin servidor SMTP configurado, los correos se guardan aquí, solo en memoria.</p>${items || '<p>No hay correos.</p>'}
<h2>SMS de prueba</h2><p>Sin centro de SMS (SMS_URL), los SMS se guardan aquí, solo en memoria.</p>${texts || '<p>No hay SMS.</p>'}</body></html>`;
}

/**
 * /buzon exists only in demo mode: the embedded central and no SMTP_URL, so mail is captured in
 * memory. With a remote central the mail is the central's and a kiosk has nothing to show.
 */
export function demoMailbox(runtime: { embeddedCentral: boolean; mailbox: DemoMailbox | null }): DemoMailbox | null {
  return runtime.embeddedCentral ? runtime.mailbox : null;
}

/**
 * The SMS capture outbox, only in full demo mode: the embedded central capturing mail too (no
 * SMTP_URL). A kiosk that sends real mail is not a demo, and a page listing SMS codes would be
 * one more way for local software to read a second factor.
 */
export function demoSmsOutbox(runtime: {
  embeddedCentral: boolean;
  mailbox: DemoMailbox | null;
  smsOutbox: DemoSmsOutbox | null;
}): DemoSmsOutbox | null {
  return demoMailbox(runtime) ? runtime.smsOutbox : null;
}
