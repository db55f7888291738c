import { fail, ok, type Result } from '../../contract/result';
import { inboxUrlOf, qrSvg } from '../qr';
import { providerOf } from './contact';
import { centralFailure, move, type FlowDeps, type SessionData, type StepOutcome } from './context';
import { checkResend, recordSend } from './resend';

/** how often the core asks the central whether the link was tapped (trámite step 10) */
export const ACTIVATION_POLL_MS = 500;

/**
 * Trámite step 9: asks the central to mail "ACTIVACIÓN CLAVE". The central makes the link and
 * sends it itself: the kiosk never holds it, so whoever controls the kiosk cannot skip the email
 * factor. An address on file is the central's to use; only a registered one is sent.
 */
async function sendActivation(s: SessionData, deps: FlowDeps, resend: boolean): Promise<Result<true>> {
  if (!s.grant || !s.contact) return fail('wrong_step');
  const started = await deps.central.call('activationStart', {
    grant: s.grant,
    ...(s.contact.registered ? { email: s.contact.email } : {}),
  });
  if (!started.ok) return centralFailure(started.failure);
  const now = deps.now();
  const ttlSeconds = Math.max(1, Math.round((started.value.expiresAt - now) / 1000));

  // the QR opens the person's mailbox on their phone; it encodes the provider, never the link
  const provider = providerOf(s.contact);
  const svg = await qrSvg(inboxUrlOf(provider, `${deps.centralPublicUrl}/ayuda/correo`));
  s.activation = { expiresAt: started.value.expiresAt, ttlSeconds, expired: false, provider, qrSvg: svg };
  recordSend(s, now, resend);
  return ok(true);
}

/** Trámite step 8: ACEPTAR on the confirmed address sends "ACTIVACIÓN CLAVE". */
export async function confirmEmailStep(s: SessionData, deps: FlowDeps): Promise<StepOutcome> {
  const sent = await sendActivation(s, deps, false);
  return sent.ok ? move() : sent;
}

/** RESEND on the waiting screen: a new link (the central voids the old one) and a new mail. */
export async function resendActivation(s: SessionData, deps: FlowDeps): Promise<Result<true>> {
  const allowed = checkResend(s, deps.now());
  if (!allowed.ok) return allowed;
  return sendActivation(s, deps, true);
}

export type PollOutcome = 'pending' | 'confirmed' | 'expired' | 'unreachable' | 'grant_spent';

/** One look at the link's state; the local clock also expires it if the central is slow to say so. */
export async function pollActivation(s: SessionData, deps: FlowDeps): Promise<PollOutcome> {
  if (!s.grant || !s.activation || s.activation.expired) return 'expired';
  const status = await deps.central.call('activationStatus', { grant: s.grant });
  if (!status.ok) {
    const failure = status.failure;
    if (failure.kind === 'rejected' && failure.error === 'grant_invalid') return 'grant_spent';
    return deps.now() >= s.activation.expiresAt ? 'expired' : 'unreachable';
  }
  if (status.value.state === 'confirmed') return 'confirmed';
  if (status.value.state === 'expired' || deps.now() >= s.activation.expiresAt) return 'expired';
  return 'pending';
}
