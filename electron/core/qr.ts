import QRCode from 'qrcode';
import type { MailProvider } from '../contract/flow';

/**
 * The QR on the activation screen (DESIGN §2 step 9) opens the person's mailbox on their phone.
 * It must encode only an inbox address from `inboxUrlOf`, NEVER the activation link: the link is
 * never shown on the kiosk, because whoever stands at the kiosk could then skip the email factor.
 */

const OUTLOOK = /^(outlook|hotmail|live)\.[a-z]{2,3}(\.[a-z]{2})?$/;
const YAHOO = /^yahoo\.[a-z]{2,3}(\.[a-z]{2})?$/;

const INBOX: Record<Exclude<MailProvider, 'other'>, string> = {
  gmail: 'https://mail.google.com/mail/',
  outlook: 'https://outlook.live.com/mail/',
  yahoo: 'https://mail.yahoo.com/',
};

/** By the address's domain: outlook.es, hotmail.com, live.com.mx, yahoo.com.ec, … */
export function mailProviderOf(email: string): MailProvider {
  const domain = email.trim().toLowerCase().split('@').at(-1) ?? '';
  if (domain === 'gmail.com' || domain === 'googlemail.com') return 'gmail';
  if (domain === 'msn.com' || OUTLOOK.test(domain)) return 'outlook';
  if (domain === 'ymail.com' || YAHOO.test(domain)) return 'yahoo';
  return 'other';
}

/** Other providers get the kiosk's neutral help page ("open your email app"). */
export function inboxUrlOf(provider: MailProvider, helpPageUrl: string): string {
  return provider === 'other' ? helpPageUrl : INBOX[provider];
}

/** SVG markup; error correction M survives a scuffed screen, margin 2 is enough on white. */
export async function qrSvg(text: string): Promise<string> {
  return QRCode.toString(text, {
    type: 'svg',
    errorCorrectionLevel: 'M',
    margin: 2,
    color: { dark: '#0b2545', light: '#ffffff' },
  });
}
