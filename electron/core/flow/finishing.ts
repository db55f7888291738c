import type { AtStep, Finishing } from './context';

/** How trámite step 10 was proven: the emailed link, or the SMS code to the mobile on file. */
export type ProvenBy = 'email' | 'sms';

/**
 * Trámite step 10 done: what GENERAR will need, and nothing more. The profile, the masked
 * address and the wait are dropped here; no screen after this one can go back. After an SMS
 * code no address was proven, so a typed address is not sealed (the central would refuse it);
 * the phones typed beside it may stay.
 */
export function finishingOf(at: AtStep<'activation'>, provenBy: ProvenBy): Finishing {
  const secrets: Finishing['secrets'] = {};
  if (at.chosen) {
    secrets.securityAnswers = at.chosen.answers;
    secrets.securityImage = at.chosen.image;
  }
  if (at.contact.registered) {
    if (provenBy === 'email') secrets.email = at.contact.email;
    if (at.contact.mobile) secrets.mobile = at.contact.mobile;
    if (at.contact.landline) secrets.landline = at.contact.landline;
  }
  // the birth date is not here: the kiosk never learns it, and the central's own check (the
  // authoritative one) refuses a clave that contains it
  return { grant: at.verified.grant, personal: [at.verified.person.id], secrets };
}
