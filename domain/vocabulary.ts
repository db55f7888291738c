import { z } from 'zod';

/**
 * The words the kiosk and the central share. Both contracts import them from here, so a change
 * to the kiosk's screens never alters the central's HTTP API by accident. Imports nothing of the
 * project.
 */

/** What a person came to do (welcome screen, trámite step 1). */
export const FlowKind = z.enum(['generate', 'recover', 'employer']);
export type FlowKind = z.infer<typeof FlowKind>;

export const IdType = z.enum(['cedula', 'foreigner']);
export type IdType = z.infer<typeof IdType>;

export const StaffRole = z.enum(['supervisor', 'technician']);
export type StaffRole = z.infer<typeof StaffRole>;

export const QuestionId = z.string().min(1).max(40);

/** Catalog text in both kiosk languages; seed data may hold only Spanish. */
export const LocalText = z.object({ 'es-EC': z.string(), en: z.string().optional() }).strict();
export type LocalText = z.infer<typeof LocalText>;

export const ChallengeQuestion = z.discriminatedUnion('kind', [
  // record-based: 1 right + 3 plausible options
  z
    .object({ kind: z.literal('choice'), id: QuestionId, text: LocalText, options: z.array(z.string()).length(4) })
    .strict(),
  // the person's own security question (recover), answered by typing
  z.object({ kind: z.literal('typed'), id: QuestionId, text: LocalText }).strict(),
]);
export type ChallengeQuestion = z.infer<typeof ChallengeQuestion>;

export const SecurityQuestion = z.object({ id: QuestionId, text: LocalText }).strict();
export type SecurityQuestion = z.infer<typeof SecurityQuestion>;

/** Security images are named by id; the renderer owns picture and accessible name. */
export const ImageId = z.string().regex(/^[a-z][a-z0-9-]{1,30}$/);

export const passwordRules = [
  'length', // 8–15
  'alphabet', // letters and digits only
  'sequence', // run of 4+ sequential or repeated characters
  'personal', // contains the cédula / RUC / birth date
  'common', // zxcvbn score < 2 or in a common list
] as const;
export const PasswordRule = z.enum(passwordRules);
export type PasswordRule = z.infer<typeof PasswordRule>;

/** The verdict of the password policy (trámite step 12), live on the kiosk and final at the central. */
export const PasswordCheck = z
  .object({
    broken: z.array(PasswordRule),
    matches: z.boolean(),
    strength: z.number().int().min(0).max(4),
  })
  .strict();
export type PasswordCheck = z.infer<typeof PasswordCheck>;

/** The mailbox a QR on the waiting screen opens (trámite step 9); never the address itself. */
export const MailProvider = z.enum(['gmail', 'outlook', 'yahoo', 'other']);
export type MailProvider = z.infer<typeof MailProvider>;
