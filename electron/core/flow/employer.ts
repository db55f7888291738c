import type { StepInput } from '../../contract/flow';
import { fail, ok, type Result } from '../../contract/result';
import { isValidCedula } from '../../../domain/ids/cedula';
import { checkRuc, isValidBranch } from '../../../domain/ids/ruc';
import { centralFailure, lockedAt, lockedOrFailure, type AtStep, type StepContext, type StepOutcome } from './context';
import { MIN_PRESENCE_MS } from './identify';
import { checkResend, recordSend } from './resend';

type EmployerIdentifyInput = Extract<StepInput, { step: 'employerIdentify' }>;
type EmployerCodeInput = Extract<StepInput, { step: 'employerCode' }>;

/** DESIGN §2, employer: the code allows 5 tries */
export const EMPLOYER_CODE_TRIES = 5;

/**
 * Asks the central for a new 6-digit code; the central mails it to the corporate address
 * itself, so the code never passes through the kiosk. Answers the code's expiry.
 */
async function sendCode(grant: string, ctx: StepContext): Promise<Result<number>> {
  const started = await ctx.deps.central.call('employerCodeStart', { grant });
  return started.ok ? ok(started.value.expiresAt) : centralFailure(started.failure);
}

/** Employer step 2: RUC (13 digits) + branch (3) + the legal representative's cédula. */
export async function employerIdentifyStep(
  _at: AtStep<'employerIdentify'>,
  input: EmployerIdentifyInput,
  ctx: StepContext,
): Promise<StepOutcome> {
  const ruc = input.ruc.trim();
  const branch = input.branch.trim();
  const legalRepId = input.legalRepId.trim();
  // local rules may say which field is malformed; only the central's mismatch stays silent
  if (!checkRuc(ruc).ok) return fail('invalid_id', { field: 'ruc' });
  if (!isValidBranch(branch)) return fail('invalid_id', { field: 'branch' });
  if (!isValidCedula(legalRepId)) return fail('invalid_id', { field: 'legalRepId' });
  if (input.presence.elapsedMs < MIN_PRESENCE_MS) return fail('presence_required');
  const rate = ctx.deps.takeLookup();
  if (!rate.ok) return fail('rate_limited', { retryAfterSeconds: rate.retryAfterSeconds });

  const found = await ctx.deps.central.call('employerLookup', { ruc, branch, legalRepId });
  if (!found.ok) return centralFailure(found.failure);
  // never says which of the three did not match
  if (!found.value.ok) return fail('employer_mismatch');
  const grant = found.value.grant;
  // a code that could not be sent leaves nothing half-done behind: BUSCAR again starts clean
  const sent = await sendCode(grant, ctx);
  if (!sent.ok) return sent;
  return ok({
    screen: 'employerCode',
    grant,
    employer: {
      ruc,
      legalRepId,
      name: found.value.name,
      maskedEmail: found.value.maskedEmail,
      codeExpiresAt: sent.value,
      attemptsLeft: EMPLOYER_CODE_TRIES,
    },
    sends: recordSend({ resendsUsed: 0, lastSentAt: 0 }, ctx.deps.now(), false),
  });
}

/** Employer step 3: the code from the corporate mail (10 minutes, 5 tries, counted by the central). */
export async function employerCodeStep(
  at: AtStep<'employerCode'>,
  input: EmployerCodeInput,
  ctx: StepContext,
): Promise<StepOutcome> {
  const checked = await ctx.deps.central.call('employerCodeVerify', { grant: at.grant, code: input.code });
  if (!checked.ok) return lockedOrFailure('employerCode', checked.failure);
  const answer = checked.value;
  at.employer.attemptsLeft = answer.attemptsLeft;
  if (answer.ok)
    return ok({
      screen: 'declaration',
      finishing: { grant: at.grant, personal: [at.employer.ruc, at.employer.legalRepId], secrets: {} },
    });
  if (answer.expired) return fail('code_expired');
  if (answer.attemptsLeft === 0) return lockedAt('employerCode', undefined);
  return fail('code_wrong', { attemptsLeft: answer.attemptsLeft });
}

/** Another code to the corporate mail; the tries belong to the grant, so none are restored. */
export async function resendEmployerCode(at: AtStep<'employerCode'>, ctx: StepContext): Promise<Result<true>> {
  // an employer code dies at its expiry too: from then on a new one may go out at once
  const allowed = checkResend(at.sends, { expiresAt: at.employer.codeExpiresAt }, ctx.deps.now());
  if (!allowed.ok) return allowed;
  const sent = await sendCode(at.grant, ctx);
  if (!sent.ok) return sent;
  at.employer.codeExpiresAt = sent.value;
  at.sends = recordSend(at.sends, ctx.deps.now(), true);
  return ok(true);
}
