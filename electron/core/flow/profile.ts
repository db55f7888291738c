import { normalizeAnswer } from '../../../central/normalize';
import type { StepInput } from '../../contract/flow';
import { fail } from '../../contract/result';
import { lockedOrFailure, lockHere, move, type FlowDeps, type SessionData, type StepOutcome } from './context';

type QuestionsInput = Extract<StepInput, { step: 'securityQuestions' }>;
type ImageInput = Extract<StepInput, { step: 'securityImage' }>;

/** trámite step 6: at least 3 of the bank of 10 */
export const MIN_SECURITY_QUESTIONS = 3;

/**
 * Trámite step 5 (ACEPTAR on the masked name). Generate goes on to the bank of questions and
 * the images to choose from; recover goes to "pick yours of 9" only when the person has one.
 */
export async function confirmIdentityStep(s: SessionData, deps: FlowDeps): Promise<StepOutcome> {
  if (!s.profile) return fail('wrong_step');
  if (s.kind === 'recover') {
    s.images = s.profile.imageCandidates;
    return move({ hasOwnImage: s.images !== null && s.images.length > 0 });
  }
  const catalogs = await deps.catalogs();
  if (!catalogs.ok) return catalogs;
  s.bank = catalogs.value.securityQuestions;
  s.images = catalogs.value.securityImages;
  return move();
}

/**
 * Trámite step 6: answers are normalised (trim, lower case, no accents) and kept in the session's
 * memory only; at GENERAR they leave sealed to the central, which hashes them.
 */
export async function securityQuestionsStep(s: SessionData, input: QuestionsInput): Promise<StepOutcome> {
  const bankIds = new Set((s.bank ?? []).map((q) => q.id));
  const answered = new Map<string, string>();
  for (const { questionId, answer } of input.answers) {
    if (!bankIds.has(questionId)) return fail('invalid_input', { field: 'answers' });
    const normalized = normalizeAnswer(answer);
    if (normalized !== '') answered.set(questionId, normalized); // an empty answer does not count
  }
  if (answered.size < MIN_SECURITY_QUESTIONS) return fail('too_few_questions');
  s.securityAnswers = [...answered].map(([questionId, answer]) => ({ questionId, answer }));
  return move();
}

/** Trámite step 6b: choose one (generate) or pick yours of 9 (recover; a wrong pick is an attempt). */
export async function securityImageStep(s: SessionData, input: ImageInput, deps: FlowDeps): Promise<StepOutcome> {
  if (!s.images?.includes(input.imageId)) return fail('invalid_input', { field: 'imageId' });
  if (s.kind === 'generate') {
    s.securityImage = input.imageId;
    return move();
  }
  if (!s.grant) return fail('wrong_step');
  const checked = await deps.central.call('imageCheck', { grant: s.grant, imageId: input.imageId });
  if (!checked.ok) return lockedOrFailure(s, checked.failure);
  const answer = checked.value;
  if (answer.ok) return move();
  if (answer.locked) return lockHere(s, answer.lockedUntil);
  s.imageAttemptsLeft = answer.attemptsLeft;
  return fail('wrong_answers', { attemptsLeft: answer.attemptsLeft });
}
