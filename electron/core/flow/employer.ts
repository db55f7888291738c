import type { StepInput } from '../../contract/flow';
import { fail, ok, type Result } from '../../contract/result';
import { isValidCedula } from '../../../domain/ids/cedula';
import { checkRuc, isValidBranch } from '../../../domain/ids/ruc';
import {
  centralFailure,
  lockedOrFailure,
  lockHere,
  move,
  type FlowDeps,
  type SessionData,
  type StepOutcome,
} from './context';
import { MIN_PRESENCE_MS } from './identify';
import { checkResend, recordSend } from './resend';

type EmployerIdentifyInput = Extract<StepInput, { step: 'employerIdentify' }>;
type EmployerCodeInput = Extract<StepInput, { step: 'employerCode' }>;

/** DESIGN §2, employer: the code allows 5 tries */
export const EMPLOYER_CODE_TRIES = 5;

/**
 * Asks the central for a new 6-digit code; the central mails it to the corporate address
 * itself, so the code never passes through the kiosk.
 */
async function sendCode(s: SessionData, deps: FlowDeps, resend: boolean): Promise<Result<true>> {
  const employer = s.employer;
  if (!s.grant || !employer) return fail('wrong_step');
  const started = await deps.central.call('employerCodeStart', { grant: s.grant });
  if (!started.ok) return centralFailure(started.failure);
  const now = deps.now();
  employer.codeExpiresAt = started.value.expiresAt;
  recordSend(s, now, resend);
  return ok(true);
}

/** Employer step 2: RUC (13 digits) + branch (3) + the legal representative's cédula. */
export async function employerIdentifyStep(
  s: SessionData,
  input: EmployerIdentifyInput,
  deps: FlowDeps,
): Promise<StepOutcome> {
  const ruc = input.ruc.trim();
  const branch = input.branch.trim();
  const legalRepId = input.legalRepId.trim();
  // local rules may say which field is malformed; only the central's mismatch stays silent
  if (!checkRuc(ruc).ok) return fail('invalid_id', { field: 'ruc' });
  if (!isValidBranch(branch)) return fail('invalid_id', { field: 'branch' });
  if (!isValidCedula(legalRepId)) return fail('invalid_id', { field: 'legalRepId' });
  if (input.presence.elapsedMs < MIN_PRESENCE_MS) return fail('presence_required');
  const rate = deps.takeLookup();
  if (!rate.ok) return fail('rate_limited', { retryAfterSeconds: rate.retryAfterSeconds });

  const found = await deps.central.call('employerLookup', { ruc, branch, legalRepId });
  if (!found.ok) return centralFailure(found.failure);
  // never says which of the three did not match
  if (!found.value.ok) return fail('employer_mismatch');
  s.grant = found.value.grant;
  s.employer = {
    ruc,
    legalRepId,
    name: found.value.name,
    maskedEmail: found.value.maskedEmail,
    codeExpiresAt: 0,
    attemptsLeft: EMPLOYER_CODE_TRIES,
  };
  const sent = await sendCode(s, deps, false);
  if (!sent.ok) {
    // nothing half-done stays behind: BUSCAR again starts clean
    s.grant = null;
    s.employer = null;
    return sent;
  }
  return move();
}

/** Employer step 3: the code from the corporate mail (10 minutes, 5 tries, counted by the central). */
export async function employerCodeStep(s: SessionData, input: EmployerCodeInput, deps: FlowDeps): Promise<StepOutcome> {
  const employer = s.employer;
  if (!s.grant || !employer) return fail('wrong_step');
  const checked = await deps.central.call('employerCodeVerify', { grant: s.grant, code: input.code });
  if (!checked.ok) return lockedOrFailure(s, checked.failure);
  const answer = checked.value;
  employer.attemptsLeft = answer.attemptsLeft;
  if (answer.ok) return move();
  if (answer.expired) return fail('code_expired');
  if (answer.attemptsLeft === 0) return lockHere(s, undefined);
  return fail('code_wrong', { attemptsLeft: answer.attemptsLeft });
}

/** Another code to the corporate mail; the tries belong to the grant, so none are restored. */
export async function resendEmployerCode(s: SessionData, deps: FlowDeps): Promise<Result<true>> {
  const allowed = checkResend(s, deps.now());
  if (!allowed.ok) return allowed;
  return sendCode(s, deps, true);
}
