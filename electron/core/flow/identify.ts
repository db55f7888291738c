import type { StepInput } from '../../contract/flow';
import { fail } from '../../contract/result';
import { isValidCedula } from '../../../domain/ids/cedula';
import { isForeignerCodeShape, normalizeForeignerCode } from '../../../domain/ids/foreigner';
import {
  centralFailure,
  lockedOrFailure,
  lockOf,
  lockHere,
  move,
  stay,
  type FlowDeps,
  type IdentifyInput,
  type SessionData,
  type StepOutcome,
} from './context';

type ChallengeInput = Extract<StepInput, { step: 'challenge' }>;

/**
 * trámite step 3: the box must be ticked by a real (trusted) pointer or key event on the screen
 * the person saw; the renderer reports the time since that screen appeared. A payload claiming
 * 0 ms did not come from a person. No longer floor: a quick, sure tap is a person too, and the
 * per-kiosk BUSCAR limit is what stops a script (DESIGN §2 step 3).
 */
export const MIN_PRESENCE_MS = 1;

/** The identifier as the central stores it, or null when it fails the local rules. */
export function normalizeId(input: Pick<IdentifyInput, 'idType' | 'id'>): string | null {
  if (input.idType === 'cedula') {
    const id = input.id.trim();
    return isValidCedula(id) ? id : null;
  }
  const code = normalizeForeignerCode(input.id);
  return isForeignerCodeShape(code) ? code : null;
}

/** Draws a fresh set of challenge questions (trámite step 4); a lock moves to the locked screen. */
async function drawChallenge(s: SessionData, deps: FlowDeps): Promise<StepOutcome> {
  if (!s.person || s.kind === 'employer') return fail('wrong_step');
  const drawn = await deps.central.call('challenge', { ...s.person, intent: s.kind });
  if (!drawn.ok) return lockedOrFailure(s, drawn.failure);
  s.challenge = {
    id: drawn.value.challengeId,
    questions: drawn.value.questions,
    attemptsLeft: drawn.value.attemptsLeft,
  };
  return move();
}

/** Trámite steps 2–3: cédula or foreigner code, "No soy un robot", BUSCAR. */
export async function identifyStep(s: SessionData, input: IdentifyInput, deps: FlowDeps): Promise<StepOutcome> {
  // local rules first: an identifier that cannot exist never reaches the central
  const id = normalizeId(input);
  if (id === null) return fail('invalid_id');
  if (input.presence.elapsedMs < MIN_PRESENCE_MS) return fail('presence_required');
  const rate = deps.takeLookup();
  if (!rate.ok) return fail('rate_limited', { retryAfterSeconds: rate.retryAfterSeconds });
  s.lastIdentify = input;
  s.person = null; // a new BUSCAR: nothing of an earlier look-up carries over
  s.challenge = null;

  const person = { idType: input.idType, id };
  const found = await deps.central.call('lookup', person);
  if (!found.ok) return centralFailure(found.failure);
  if (!found.value.found) return fail('not_found');
  s.person = person;
  if (found.value.locked) return lockHere(s, found.value.lockedUntil);
  // the renderer offers session.switchKind for these two, keeping what was typed
  if (s.kind === 'generate' && found.value.hasPassword) return fail('already_has_password');
  if (s.kind === 'recover' && !found.value.hasPassword) return fail('no_password_yet');
  return drawChallenge(s, deps);
}

/**
 * Trámite step 4: DÍA, MES and the challenge answers. After a wrong attempt a fresh set is
 * drawn so the options cannot be eliminated one try at a time; 5 wrong and the central locks.
 */
export async function challengeStep(s: SessionData, input: ChallengeInput, deps: FlowDeps): Promise<StepOutcome> {
  const challengeId = s.challenge?.id;
  // the last fresh draw failed: draw now and show the new set instead of checking old answers
  if (!challengeId) return redraw(s, deps);
  const verified = await deps.central.call('verify', {
    challengeId,
    birthDay: input.birthDay,
    birthMonth: input.birthMonth,
    answers: input.answers,
  });
  if (!verified.ok) {
    const lock = lockOf(verified.failure);
    if (lock) return lockHere(s, lock.until);
    // a set that expired (10 minutes) or was already used: show a new one, nothing was counted
    if (verified.failure.kind === 'rejected' && verified.failure.error === 'not_found') return redraw(s, deps);
    return centralFailure(verified.failure);
  }
  const answer = verified.value;
  if (!answer.ok) {
    if (answer.locked) return lockHere(s, answer.lockedUntil);
    // the used set is spent whatever happens; if no new one can be drawn now, the next try draws it
    s.challenge = { questions: s.challenge?.questions ?? [], id: null, attemptsLeft: answer.attemptsLeft };
    const drawn = await drawChallenge(s, deps);
    if (drawn.ok && s.locked) return drawn;
    return fail('wrong_answers', { attemptsLeft: answer.attemptsLeft });
  }
  s.grant = answer.grant;
  s.profile = answer.profile;
  s.challenge = null;
  return move();
}

/** A new set on the same screen (or the locked screen, if the central locked meanwhile). */
async function redraw(s: SessionData, deps: FlowDeps): Promise<StepOutcome> {
  const drawn = await drawChallenge(s, deps);
  if (!drawn.ok || s.locked) return drawn;
  return stay();
}
