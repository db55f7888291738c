import { z } from 'zod';
import type { Profile } from '../../../central/contract';
import type { StepInput } from '../../contract/flow';
import type { MailProvider } from '../../contract/flow';
import { fail, ok } from '../../contract/result';
import { maskEmail } from '../../../domain/mask';
import { mailProviderOf } from '../qr';
import type { AtStep, Contact, StepContext, StepOutcome } from './context';

type EmailInput = Extract<StepInput, { step: 'email' }>;

// the central validates with zod's email too: the kiosk must never accept what it refuses
const emailShape = z.string().email().max(254);
const MOBILE = /^09\d{8}$/; // Ecuadorian mobile: 09 + 8 digits
const LANDLINE = /^0[2-7]\d{7}$/; // area code 02–07 + 7 digits

/**
 * Trámite step 7: the address on file is shown masked only when the person updated their data
 * in person at an office; otherwise an empty field to register, typed twice.
 */
export function emailOnFile(profile: Profile | null): Profile['emailOnFile'] {
  return profile?.dataUpdatedInPerson ? profile.emailOnFile : null;
}

/** What the screens show of the address: the kiosk masks a typed one itself. */
export function maskedEmailOf(contact: Contact): string {
  return contact.registered ? maskEmail(contact.email) : contact.maskedEmail;
}

/** Which mailbox the QR of trámite step 9 opens. */
export function providerOf(contact: Contact): MailProvider {
  return contact.registered ? mailProviderOf(contact.email) : contact.provider;
}

/** Trimmed, domain in lower case (the local part may be case-sensitive); null when malformed. */
export function normalizeEmail(raw: string): string | null {
  const trimmed = raw.trim();
  const at = trimmed.lastIndexOf('@');
  if (at < 1 || at > 64) return null;
  const email = `${trimmed.slice(0, at)}@${trimmed.slice(at + 1).toLowerCase()}`;
  return emailShape.safeParse(email).success ? email : null;
}

/** Digits only: people type "099 123 4567" or "02-2345678". */
export function normalizePhone(raw: string): string {
  return raw.replace(/[\s\-().]/g, '');
}

type Checked<T> = { ok: true; value: T } | { ok: false; outcome: StepOutcome };
const refuse = <T>(outcome: StepOutcome): Checked<T> => ({ ok: false, outcome });

function phones(
  askMobile: boolean,
  input: Extract<EmailInput, { mode: 'register' }>,
): Checked<{ mobile?: string; landline?: string }> {
  const mobile = normalizePhone(input.mobile ?? '');
  const landline = normalizePhone(input.landline ?? '');
  if (askMobile && mobile === '') return refuse(fail('phone_invalid', { field: 'mobile' }));
  if (mobile !== '' && !MOBILE.test(mobile)) return refuse(fail('phone_invalid', { field: 'mobile' }));
  if (landline !== '' && !LANDLINE.test(landline)) return refuse(fail('phone_invalid', { field: 'landline' }));
  return { ok: true, value: { ...(mobile ? { mobile } : {}), ...(landline ? { landline } : {}) } };
}

/** Trámite step 7: the address the activation mail goes to (and, generating, the phones). */
export function emailStep(at: AtStep<'email'>, input: EmailInput, ctx: StepContext): StepOutcome {
  const onFile = emailOnFile(at.verified.profile);
  const next = (contact: Contact): StepOutcome =>
    ok({ screen: 'confirmEmail', verified: at.verified, chosen: at.chosen, contact });
  if (input.mode === 'onFile') {
    if (onFile === null) return fail('wrong_step');
    return next({ registered: false, maskedEmail: onFile.masked, provider: onFile.provider });
  }
  // data updated in person: the address on file is the one, it cannot be replaced at a kiosk
  if (onFile !== null) return fail('wrong_step');
  const email = normalizeEmail(input.email);
  if (email === null) return fail('email_invalid', { field: 'email' });
  if (input.confirm.trim().toLowerCase() !== email.toLowerCase()) return fail('email_mismatch', { field: 'confirm' });
  // trámite step 7, generate: the personal data bank asks for a mobile, the landline is optional
  const phone = phones(ctx.kind === 'generate', input);
  if (!phone.ok) return phone.outcome;
  return next({ email, registered: true, ...phone.value });
}
