import { ok, type Result } from '../../contract/result';
import { inboxUrlOf, qrSvg } from '../qr';
import { providerOf } from './contact';
import {
  centralFailure,
  type ActivationWait,
  type AtStep,
  type Contact,
  type StepContext,
  type StepOutcome,
} from './context';
import { checkResend, recordSend } from './resend';
import { smsOfferFor } from './sms';

/** how often the core asks the central whether the link was tapped (trámite step 10) */
export const ACTIVATION_POLL_MS = 500;

/**
 * Trámite step 9: asks the central to mail "ACTIVACIÓN CLAVE". The central makes the link and
 * sends it itself: the kiosk never holds it, so whoever controls the kiosk cannot skip the email
 * factor. An address on file is the central's to use; only a registered one is sent.
 */
async function sendActivation(grant: string, contact: Contact, ctx: StepContext): Promise<Result<ActivationWait>> {
  const { deps } = ctx;
  const started = await deps.central.call('activationStart', {
    grant,
    ...(contact.registered ? { email: contact.email } : {}),
  });
  if (!started.ok) return centralFailure(started.failure);
  const ttlSeconds = Math.max(1, Math.round((started.value.expiresAt - deps.now()) / 1000));
  // the QR opens the person's mailbox on their phone; it encodes the provider, never the link
  const provider = providerOf(contact);
  const svg = await qrSvg(inboxUrlOf(provider, `${deps.centralPublicUrl}/ayuda/correo`));
  return ok({ expiresAt: started.value.expiresAt, ttlSeconds, expired: false, provider, qrSvg: svg });
}

/** Trámite step 8: ACEPTAR on the confirmed address sends "ACTIVACIÓN CLAVE". */
export async function confirmEmailStep(at: AtStep<'confirmEmail'>, ctx: StepContext): Promise<StepOutcome> {
  const { verified, chosen, contact } = at;
  const wait = await sendActivation(verified.grant, contact, ctx);
  if (!wait.ok) {
    // the mail could not go out: exactly when the SMS code is needed. With one to offer, the
    // person goes on to the activation screen (the mail can be tried again there by RESEND);
    // without, they stay here with the mail's error, as before
    if (wait.error.code !== 'mail_unavailable') return wait;
    const sms = await smsOfferFor(verified.grant, ctx);
    if (sms?.phase !== 'offered') return wait;
    const notSent: ActivationWait = {
      expiresAt: ctx.deps.now(),
      ttlSeconds: 1,
      expired: true,
      provider: providerOf(contact),
      qrSvg: '',
      mailNotSent: true,
    };
    return ok({ screen: 'activation', verified, chosen, contact, wait: notSent, sends: NOTHING_SENT, sms });
  }
  const sends = recordSend(NOTHING_SENT, ctx.deps.now(), false);
  const sms = await smsOfferFor(verified.grant, ctx);
  return ok({ screen: 'activation', verified, chosen, contact, wait: wait.value, sends, sms });
}

const NOTHING_SENT = { resendsUsed: 0, lastSentAt: 0 } as const;

/** RESEND on the waiting screen: a new link (the central voids the old one) and a new mail. */
export async function resendActivation(at: AtStep<'activation'>, ctx: StepContext): Promise<Result<true>> {
  const allowed = checkResend(at.sends, at.wait, ctx.deps.now());
  if (!allowed.ok) return allowed;
  const wait = await sendActivation(at.verified.grant, at.contact, ctx);
  if (!wait.ok) return wait;
  at.wait = wait.value;
  at.sends = recordSend(at.sends, ctx.deps.now(), true);
  return ok(true);
}

export type PollOutcome = 'pending' | 'confirmed' | 'expired' | 'unreachable' | 'grant_spent';

/** One look at the link's state; the local clock also expires it if the central is slow to say so. */
export async function pollActivation(at: AtStep<'activation'>, ctx: StepContext): Promise<PollOutcome> {
  const { deps } = ctx;
  if (at.wait.expired) return 'expired';
  const status = await deps.central.call('activationStatus', { grant: at.verified.grant });
  if (!status.ok) {
    const failure = status.failure;
    if (failure.kind === 'rejected' && failure.error === 'grant_invalid') return 'grant_spent';
    return deps.now() >= at.wait.expiresAt ? 'expired' : 'unreachable';
  }
  if (status.value.state === 'confirmed') return 'confirmed';
  if (status.value.state === 'expired' || deps.now() >= at.wait.expiresAt) return 'expired';
  return 'pending';
}
