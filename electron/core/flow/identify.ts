import type { StepInput } from '../../contract/flow';
import { fail, ok } from '../../contract/result';
import { isValidCedula } from '../../../domain/ids/cedula';
import { isForeignerCodeShape, normalizeForeignerCode } from '../../../domain/ids/foreigner';
import {
  centralFailure,
  lockedAt,
  lockedOrFailure,
  lockOf,
  type AtStep,
  type IdentifyInput,
  type Person,
  type StepContext,
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

/**
 * Draws a fresh set of challenge questions (trámite step 4) for the person; a lock moves to the
 * locked screen. `from` is the screen the draw happens on.
 */
async function drawChallenge(person: Person, from: 'identify' | 'challenge', ctx: StepContext): Promise<StepOutcome> {
  if (ctx.kind === 'employer') return fail('wrong_step');
  const drawn = await ctx.deps.central.call('challenge', { ...person, intent: ctx.kind });
  if (!drawn.ok) return lockedOrFailure(from, drawn.failure);
  const { challengeId: id, questions, attemptsLeft } = drawn.value;
  return ok({ screen: 'challenge', person, challenge: { id, questions, attemptsLeft } });
}

/** Trámite steps 2–3: cédula or foreigner code, "No soy un robot", BUSCAR. */
export async function identifyStep(
  at: AtStep<'identify'>,
  input: IdentifyInput,
  ctx: StepContext,
): Promise<StepOutcome> {
  // local rules first: an identifier that cannot exist never reaches the central
  const id = normalizeId(input);
  if (id === null) return fail('invalid_id');
  if (input.presence.elapsedMs < MIN_PRESENCE_MS) return fail('presence_required');
  const rate = ctx.deps.takeLookup();
  if (!rate.ok) return fail('rate_limited', { retryAfterSeconds: rate.retryAfterSeconds });
  // kept on this screen only, for "switch to Recuperar / Generar" after a refusal below
  at.typed = input;

  const person = { idType: input.idType, id };
  const found = await ctx.deps.central.call('lookup', person);
  if (!found.ok) return centralFailure(found.failure);
  if (!found.value.found) return fail('not_found');
  if (found.value.locked) return lockedAt('identify', found.value.lockedUntil);
  // the renderer offers session.switchKind for these two, keeping what was typed
  if (ctx.kind === 'generate' && found.value.hasPassword) return fail('already_has_password');
  if (ctx.kind === 'recover' && !found.value.hasPassword) return fail('no_password_yet');
  return drawChallenge(person, 'identify', ctx);
}

/**
 * Trámite step 4: DÍA, MES and the challenge answers. After a wrong attempt a fresh set is
 * drawn so the options cannot be eliminated one try at a time; 5 wrong and the central locks.
 */
export async function challengeStep(
  at: AtStep<'challenge'>,
  input: ChallengeInput,
  ctx: StepContext,
): Promise<StepOutcome> {
  const challengeId = at.challenge.id;
  // the last fresh draw failed: draw now and show the new set instead of checking old answers
  if (!challengeId) return drawChallenge(at.person, 'challenge', ctx);
  const verified = await ctx.deps.central.call('verify', {
    challengeId,
    birthDay: input.birthDay,
    birthMonth: input.birthMonth,
    answers: input.answers,
  });
  if (!verified.ok) {
    const lock = lockOf(verified.failure);
    if (lock) return lockedAt('challenge', lock.until);
    // a set that expired (10 minutes) or was already used: show a new one, nothing was counted
    if (verified.failure.kind === 'rejected' && verified.failure.error === 'not_found')
      return drawChallenge(at.person, 'challenge', ctx);
    return centralFailure(verified.failure);
  }
  const answer = verified.value;
  if (!answer.ok) {
    if (answer.locked) return lockedAt('challenge', answer.lockedUntil);
    // the used set is spent whatever happens; if no new one can be drawn now, the next try draws it
    at.challenge = { questions: at.challenge.questions, id: null, attemptsLeft: answer.attemptsLeft };
    const drawn = await drawChallenge(at.person, 'challenge', ctx);
    if (drawn.ok && drawn.value.screen === 'locked') return drawn;
    if (drawn.ok && drawn.value.screen === 'challenge') at.challenge = drawn.value.challenge;
    return fail('wrong_answers', { attemptsLeft: answer.attemptsLeft });
  }
  return ok({
    screen: 'confirmIdentity',
    verified: { person: at.person, grant: answer.grant, profile: answer.profile },
  });
}
