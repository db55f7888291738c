import type { MailProvider } from './vocabulary';

const OUTLOOK = /^(outlook|hotmail|live)\.[a-z]{2,3}(\.[a-z]{2})?$/;
const YAHOO = /^yahoo\.[a-z]{2,3}(\.[a-z]{2})?$/;

/**
 * By the address's domain: outlook.es, hotmail.com, live.com.mx, yahoo.com.ec, … Shared so the
 * central can tell a kiosk which mailbox to open for an address the kiosk never sees.
 */
export function mailProviderOf(email: string): MailProvider {
  const domain = email.trim().toLowerCase().split('@').at(-1) ?? '';
  if (domain === 'gmail.com' || domain === 'googlemail.com') return 'gmail';
  if (domain === 'msn.com' || OUTLOOK.test(domain)) return 'outlook';
  if (domain === 'ymail.com' || YAHOO.test(domain)) return 'yahoo';
  return 'other';
}
