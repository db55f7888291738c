import { z } from 'zod';
import {
  ChallengeQuestion,
  FlowKind,
  IdType,
  ImageId,
  MailProvider,
  QuestionId,
  SecurityQuestion,
} from '../../domain/vocabulary';

export {
  ChallengeQuestion,
  FlowKind,
  IdType,
  ImageId,
  LocalText,
  MailProvider,
  PasswordCheck,
  SecurityQuestion,
} from '../../domain/vocabulary';

const digits = (n: number) => z.string().regex(new RegExp(`^\\d{${n}}$`));
const shortText = z.string().max(100);
const questionId = QuestionId;

/**
 * Proof that a person, not a script, ticked "No soy un robot": the renderer reports the
 * trusted event that toggled the box and how long after the screen appeared.
 */
export const Presence = z
  .object({
    trusted: z.literal(true),
    via: z.enum(['pointer', 'keyboard']),
    elapsedMs: z.number().int().min(0).max(86_400_000),
  })
  .strict();
export type Presence = z.infer<typeof Presence>;

const progress = z.object({ step: z.number().int().min(1), total: z.number().int().min(1) }).strict();
/** `canGoBack`: the screen offers "Volver" (the core's table decides; absent = no way back). */
const base = { kind: FlowKind, progress, canGoBack: z.literal(true).optional() };

/**
 * The SMS code as the activation screen shows it: offered (the masked number and the choice),
 * the code keypad (its expiry, RESEND and tries, all counted at the central) or closed (five
 * wrong codes, or the SMS centre down): the email link is offered in every case.
 */
export const SmsView = z.discriminatedUnion('phase', [
  z.object({ phase: z.literal('offered'), maskedMobile: z.string().max(20) }).strict(),
  z
    .object({
      phase: z.literal('code'),
      maskedMobile: z.string().max(20),
      expiresAt: z.number().int(),
      expired: z.boolean(),
      resendAvailableAt: z.number().int(),
      sendsLeft: z.number().int().min(0),
      attemptsLeft: z.number().int().min(0),
    })
    .strict(),
  z.object({ phase: z.literal('closed'), reason: z.enum(['locked']), until: z.number().int().optional() }).strict(),
]);
export type SmsView = z.infer<typeof SmsView>;

/** What the renderer may show of the current step. Never holds a token or a full identifier. */
export const FlowView = z.discriminatedUnion('screen', [
  z.object({ ...base, screen: z.literal('identify') }).strict(),
  z.object({ ...base, screen: z.literal('employerIdentify') }).strict(),
  z
    .object({
      ...base,
      screen: z.literal('challenge'),
      questions: z.array(ChallengeQuestion),
      attemptsLeft: z.number().int().min(0),
    })
    .strict(),
  z.object({ ...base, screen: z.literal('confirmIdentity'), maskedName: z.string() }).strict(),
  z
    .object({
      ...base,
      screen: z.literal('securityQuestions'),
      bank: z.array(SecurityQuestion),
      minimum: z.number().int().min(1),
    })
    .strict(),
  z
    .object({
      ...base,
      screen: z.literal('securityImage'),
      mode: z.enum(['choose', 'pick']),
      images: z.array(ImageId),
      attemptsLeft: z.number().int().min(0).optional(),
    })
    .strict(),
  z
    .object({
      ...base,
      screen: z.literal('email'),
      mode: z.enum(['register', 'onFile']),
      maskedEmail: z.string().optional(),
      askPhone: z.boolean(),
      /** back from the confirm screen: what the person typed, put back in the fields */
      typed: z
        .object({ email: z.string(), mobile: z.string().optional(), landline: z.string().optional() })
        .strict()
        .optional(),
    })
    .strict(),
  z
    .object({
      ...base,
      screen: z.literal('confirmEmail'),
      maskedEmail: z.string(),
      /** the address the person has just typed, shown in full to be checked ("Corregir" goes back) */
      email: z.string().optional(),
      maskedMobile: z.string().optional(),
    })
    .strict(),
  z
    .object({
      ...base,
      screen: z.literal('activation'),
      maskedEmail: z.string(),
      provider: MailProvider,
      /** SVG markup of the QR; it encodes the provider's inbox address, never the link. */
      qrSvg: z.string(),
      expiresAt: z.number().int(),
      ttlSeconds: z.number().int().min(1),
      expired: z.boolean(),
      resendsLeft: z.number().int().min(0),
      resendAvailableAt: z.number().int(),
      /** the SMS code beside the link, when the central holds a mobile for the person */
      sms: SmsView.optional(),
      /** the central could not send the mail (no link is out): RESEND tries it again; the SMS code is offered */
      mailNotSent: z.literal(true).optional(),
    })
    .strict(),
  z.object({ ...base, screen: z.literal('declaration') }).strict(),
  z
    .object({
      ...base,
      screen: z.literal('password'),
      minLength: z.number().int(),
      maxLength: z.number().int(),
    })
    .strict(),
  z
    .object({
      ...base,
      screen: z.literal('employerCode'),
      maskedEmail: z.string(),
      expiresAt: z.number().int(),
      attemptsLeft: z.number().int().min(0),
      resendsLeft: z.number().int().min(0),
      resendAvailableAt: z.number().int(),
    })
    .strict(),
  z
    .object({
      ...base,
      screen: z.literal('done'),
      finishedAt: z.number().int(),
      /** the clave is queued on the kiosk (the central was unreachable): active in a few minutes */
      pending: z.boolean().optional(),
    })
    .strict(),
  z.object({ ...base, screen: z.literal('locked'), until: z.number().int().optional() }).strict(),
]);
export type FlowView = z.infer<typeof FlowView>;
export type Screen = FlowView['screen'];
export type ViewOf<S extends Screen> = Extract<FlowView, { screen: S }>;

const answer = z.object({ questionId, answer: shortText }).strict();

/** What the renderer sends to move on from a screen; the core decides where it goes. */
export const StepInput = z.discriminatedUnion('step', [
  z
    .object({
      step: z.literal('identify'),
      idType: IdType,
      id: z.string().max(20),
      presence: Presence,
    })
    .strict(),
  z
    .object({
      step: z.literal('employerIdentify'),
      ruc: z.string().max(20),
      branch: z.string().max(5),
      legalRepId: z.string().max(20),
      presence: Presence,
    })
    .strict(),
  z
    .object({
      step: z.literal('challenge'),
      birthDay: z.number().int().min(1).max(31),
      birthMonth: z.number().int().min(1).max(12),
      answers: z.array(answer).max(10),
    })
    .strict(),
  z.object({ step: z.literal('confirmIdentity') }).strict(),
  z.object({ step: z.literal('securityQuestions'), answers: z.array(answer).max(10) }).strict(),
  z.object({ step: z.literal('securityImage'), imageId: ImageId }).strict(),
  z.discriminatedUnion('mode', [
    z.object({ step: z.literal('email'), mode: z.literal('onFile') }).strict(),
    z
      .object({
        step: z.literal('email'),
        mode: z.literal('register'),
        email: z.string().max(254),
        confirm: z.string().max(254),
        mobile: z.string().max(20).optional(),
        landline: z.string().max(20).optional(),
      })
      .strict(),
  ]),
  z.object({ step: z.literal('confirmEmail') }).strict(),
  // on the activation wait: ask for an SMS code (again, for RESEND), or type the one received
  z.discriminatedUnion('sms', [
    // the kiosk's language as shown, which the SMS is written in
    z.object({ step: z.literal('activation'), sms: z.literal('send'), locale: z.enum(['es-EC', 'en']) }).strict(),
    z.object({ step: z.literal('activation'), sms: z.literal('verify'), code: digits(6) }).strict(),
  ]),
  z.object({ step: z.literal('declaration'), accepted: z.literal(true) }).strict(),
  z.object({ step: z.literal('password'), password: z.string().max(64), repeat: z.string().max(64) }).strict(),
  z.object({ step: z.literal('employerCode'), code: digits(6) }).strict(),
]);
export type StepInput = z.infer<typeof StepInput>;
