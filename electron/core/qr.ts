import QRCode from 'qrcode';
import type { MailProvider } from '../contract/flow';

export { mailProviderOf } from '../../domain/mail-provider';

/**
 * The QR on the activation screen (DESIGN §2 step 9) opens the person's mailbox on their phone.
 * It must encode only an inbox address from `inboxUrlOf`, NEVER the activation link: the link is
 * never shown on the kiosk, because whoever stands at the kiosk could then skip the email factor.
 */

const INBOX: Record<Exclude<MailProvider, 'other'>, string> = {
  gmail: 'https://mail.google.com/mail/',
  outlook: 'https://outlook.live.com/mail/',
  yahoo: 'https://mail.yahoo.com/',
};

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
