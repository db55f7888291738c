import type { StepInput } from '../../contract/flow';
import { fail, ok } from '../../contract/result';
import { centralFailure, type AtStep, type SmsState, type StepContext, type StepOutcome } from './context';
import { finishingOf } from './finishing';

type SmsInput = Extract<StepInput, { step: 'activation' }>;

/**
 * Whether the activation screen may offer an SMS code: only when the central holds a mobile for
 * the person (a number typed at the kiosk proves nothing). Any failure just leaves the email
 * link as the one way: the SMS code is an alternative, never a requirement.
 */
export async function smsOfferFor(grant: string, ctx: StepContext): Promise<SmsState | null> {
  const offer = await ctx.deps.central.call('smsOffer', { grant });
  if (!offer.ok) return null;
  const answer = offer.value;
  if (answer.available) return { phase: 'offered', maskedMobile: answer.maskedMobile };
  if (answer.reason === 'locked')
    return answer.lockedUntil === undefined
      ? { phase: 'closed', reason: 'locked' }
      : { phase: 'closed', reason: 'locked', until: answer.lockedUntil };
  return null;
}

/** "Recibir un código por SMS", and RESEND of it: the central sends the code itself. */
async function sendCode(at: AtStep<'activation'>, locale: 'es-EC' | 'en', ctx: StepContext): Promise<StepOutcome> {
  const sms = at.sms;
  if (sms === null || sms.phase === 'closed') return fail('wrong_step');
  if (sms.phase === 'code') {
    if (sms.sendsLeft === 0) return fail('resend_limit');
    const wait = (sms.expired ? 0 : sms.resendAvailableAt) - ctx.deps.now();
    if (wait > 0) return fail('rate_limited', { retryAfterSeconds: Math.ceil(wait / 1000) });
  }
  const started = await ctx.deps.central.call('smsStart', { grant: at.verified.grant, locale });
  if (!started.ok) {
    const failure = started.failure;
    if (failure.kind === 'rejected' && failure.error === 'locked') {
      at.sms = closedUntil(failure.lockedUntil);
      return ok(at);
    }
    if (failure.kind === 'rejected' && failure.error === 'rate_limited')
      return fail('rate_limited', { retryAfterSeconds: failure.retryAfterSeconds ?? 60 });
    // 409: no mobile any more, or already confirmed (the poll will move on); the SMS is closed
    if (failure.kind === 'rejected' && failure.error === 'conflict') {
      at.sms = null;
      return ok(at);
    }
    // 503 sms_unavailable: the step stays as it was, with the email link still offered
    return centralFailure(failure);
  }
  const value = started.value;
  at.sms = {
    phase: 'code',
    maskedMobile: value.maskedMobile,
    expiresAt: value.expiresAt,
    expired: false,
    resendAvailableAt: value.resendAvailableAt,
    sendsLeft: value.sendsLeft,
    attemptsLeft: sms.phase === 'code' ? sms.attemptsLeft : 5,
  };
  return ok(at);
}

function closedUntil(until: number | undefined): SmsState {
  return until === undefined ? { phase: 'closed', reason: 'locked' } : { phase: 'closed', reason: 'locked', until };
}

/**
 * The typed code, checked at the central (hashed there, tries counted there across kiosks). A
 * right code moves on exactly as the tapped link does, except that no address was proven.
 */
async function verifyCode(at: AtStep<'activation'>, code: string, ctx: StepContext): Promise<StepOutcome> {
  const sms = at.sms;
  if (sms?.phase !== 'code') return fail('wrong_step');
  const checked = await ctx.deps.central.call('smsVerify', { grant: at.verified.grant, code });
  if (!checked.ok) {
    const failure = checked.failure;
    // 409: the code was used or none is alive: the link may have confirmed meanwhile (the poll says)
    if (failure.kind === 'rejected' && failure.error === 'conflict') return fail('code_expired');
    return centralFailure(failure);
  }
  const answer = checked.value;
  if (answer.ok) return ok({ screen: 'declaration', finishing: finishingOf(at, 'sms') });
  if (answer.locked) {
    // five wrong codes close the SMS way; the email link stays offered on the same screen
    at.sms = closedUntil(answer.lockedUntil);
    return ok(at);
  }
  // expired: the screen offers RESEND (this try was not counted)
  if (answer.expired) {
    sms.expired = true;
    return ok(at);
  }
  sms.attemptsLeft = answer.attemptsLeft;
  return fail('sms_code_wrong', { attemptsLeft: answer.attemptsLeft });
}

/** The activation screen's own inputs: the SMS code beside the link (trámite step 10). */
export function smsStep(at: AtStep<'activation'>, input: SmsInput, ctx: StepContext): Promise<StepOutcome> {
  return input.sms === 'send' ? sendCode(at, input.locale, ctx) : verifyCode(at, input.code, ctx);
}
