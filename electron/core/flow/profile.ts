import { normalizeAnswer } from '../../../central/normalize';
import type { StepInput } from '../../contract/flow';
import { fail, ok } from '../../contract/result';
import {
  lockedAt,
  lockedOrFailure,
  type AtStep,
  type SecurityAnswer,
  type StepContext,
  type StepOutcome,
  type Verified,
} from './context';

type QuestionsInput = Extract<StepInput, { step: 'securityQuestions' }>;
type ImageInput = Extract<StepInput, { step: 'securityImage' }>;

/** trámite step 6: at least 3 of the bank of 10 */
export const MIN_SECURITY_QUESTIONS = 3;

/**
 * Trámite step 5 (ACEPTAR on the masked name). Generate goes on to the bank of questions;
 * recover goes to "pick yours of 9" only when the person has an image.
 */
export async function confirmIdentityStep(at: AtStep<'confirmIdentity'>, ctx: StepContext): Promise<StepOutcome> {
  return afterConfirmIdentity(at.verified, ctx, null);
}

/** Where ACEPTAR on the identity leads (also where going back to it and forward again leads). */
async function afterConfirmIdentity(
  verified: Verified,
  ctx: StepContext,
  answers: SecurityAnswer[] | null,
): Promise<StepOutcome> {
  if (ctx.kind === 'recover') {
    const images = verified.profile.imageCandidates;
    if (images !== null && images.length > 0) return ok({ screen: 'securityImage', mode: 'pick', verified, images });
    return ok({ screen: 'email', verified, chosen: null, contact: null });
  }
  const catalogs = await ctx.deps.catalogs();
  if (!catalogs.ok) return catalogs;
  return ok({ screen: 'securityQuestions', verified, bank: catalogs.value.securityQuestions, answers });
}

/**
 * Trámite step 6: answers are normalised (trim, lower case, no accents) and kept in the session's
 * memory only; at GENERAR they leave sealed to the central, which hashes them.
 */
export async function securityQuestionsStep(
  at: AtStep<'securityQuestions'>,
  input: QuestionsInput,
  ctx: StepContext,
): Promise<StepOutcome> {
  const bankIds = new Set(at.bank.map((q) => q.id));
  const answered = new Map<string, string>();
  for (const { questionId, answer } of input.answers) {
    if (!bankIds.has(questionId)) return fail('invalid_input', { field: 'answers' });
    const normalized = normalizeAnswer(answer);
    if (normalized !== '') answered.set(questionId, normalized); // an empty answer does not count
  }
  if (answered.size < MIN_SECURITY_QUESTIONS) return fail('too_few_questions');
  const catalogs = await ctx.deps.catalogs();
  if (!catalogs.ok) return catalogs;
  return ok({
    screen: 'securityImage',
    mode: 'choose',
    verified: at.verified,
    images: catalogs.value.securityImages,
    answers: [...answered].map(([questionId, answer]) => ({ questionId, answer })),
    image: null,
  });
}

/** Trámite step 6b: choose one (generate) or pick yours of 9 (recover; a wrong pick is an attempt). */
export async function securityImageStep(
  at: AtStep<'securityImage'>,
  input: ImageInput,
  ctx: StepContext,
): Promise<StepOutcome> {
  if (!at.images.includes(input.imageId)) return fail('invalid_input', { field: 'imageId' });
  if (at.mode === 'choose')
    return ok({
      screen: 'email',
      verified: at.verified,
      chosen: { answers: at.answers, image: input.imageId },
      contact: null,
    });
  const checked = await ctx.deps.central.call('imageCheck', { grant: at.verified.grant, imageId: input.imageId });
  if (!checked.ok) return lockedOrFailure('securityImage', checked.failure);
  const answer = checked.value;
  if (answer.ok) return ok({ screen: 'email', verified: at.verified, chosen: null, contact: null });
  if (answer.locked) return lockedAt('securityImage', answer.lockedUntil);
  at.attemptsLeft = answer.attemptsLeft;
  return fail('wrong_answers', { attemptsLeft: answer.attemptsLeft });
}

/**
 * "Volver" from the screens after the identity confirm: back one screen, keeping what the person
 * gave there. Nothing the central counts is undone or redone (the grant stays, a pick of the
 * image is checked again on the way forward).
 */
export async function backFromSetup(
  at: AtStep<'securityQuestions' | 'securityImage' | 'email'>,
  ctx: StepContext,
): Promise<StepOutcome> {
  switch (at.screen) {
    case 'securityQuestions':
    case 'securityImage':
      if (at.screen === 'securityImage' && at.mode === 'choose')
        return afterConfirmIdentity(at.verified, ctx, at.answers);
      return ok({ screen: 'confirmIdentity', verified: at.verified });
    case 'email': {
      if (at.chosen === null) {
        // recover: back to the pick (checked again on the way forward) or to the identity confirm
        const images = at.verified.profile.imageCandidates;
        if (images !== null && images.length > 0)
          return ok({ screen: 'securityImage', mode: 'pick', verified: at.verified, images });
        return ok({ screen: 'confirmIdentity', verified: at.verified });
      }
      const catalogs = await ctx.deps.catalogs();
      if (!catalogs.ok) return catalogs;
      return ok({
        screen: 'securityImage',
        mode: 'choose',
        verified: at.verified,
        images: catalogs.value.securityImages,
        answers: at.chosen.answers,
        image: at.chosen.image,
      });
    }
  }
}
