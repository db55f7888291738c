import { z } from 'zod';
import { PasswordRule } from '../../domain/vocabulary';

export { PasswordRule, passwordRules } from '../../domain/vocabulary';

/**
 * Every failure that can cross from core to renderer. The renderer owns the words
 * (i18n key `error.<code>`); the core only says which case it is.
 */
export const errorCodes = [
  'invalid_input', // payload failed the contract schema
  'payload_too_large',
  'unknown_call',
  'forbidden_origin', // IPC from a frame that is not the app
  'no_session',
  'wrong_step', // the renderer asked for a step the flow is not at
  'invalid_id', // cédula / RUC / foreigner code fails its rules
  'presence_required', // "No soy un robot" not ticked with a real pointer
  'rate_limited',
  'not_found', // nobody with that identifier at the central
  'already_has_password', // asked to generate while a clave exists
  'no_password_yet', // asked to recover while no clave exists
  'wrong_answers', // birth date or challenge answers wrong; attemptsLeft says how many remain
  'locked', // too many wrong attempts, counted by the central
  'incomplete', // a required field of the step is missing
  'too_few_questions', // trámite step 6: at least 3 of the bank of 10
  'email_invalid',
  'email_mismatch',
  'phone_invalid',
  'declaration_required',
  'password_policy', // rules lists the broken ones
  'password_mismatch',
  'activation_pending',
  'activation_expired',
  'resend_limit',
  'code_wrong', // employer confirmation code
  'code_expired',
  'employer_mismatch', // RUC, branch or legal representative do not match (never says which)
  'central_unavailable',
  'mail_unavailable',
  'sms_code_wrong', // the SMS code typed is not the one sent; attemptsLeft says how many remain
  'sms_unavailable', // the central's SMS centre is down: the email link is still the way
  'pin_wrong', // staff PIN; attemptsLeft says how many remain before the PIN entry locks
  'setup_required', // this kiosk is not configured or enrolled: a technician must act (app.info's setup)
  'staff_required', // a staff call on a screen that is not unlocked as staff (or whose unlock expired)
  'internal',
] as const;

export const ErrorCode = z.enum(errorCodes);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const KioskError = z
  .object({
    code: ErrorCode,
    attemptsLeft: z.number().int().min(0).optional(),
    retryAfterSeconds: z.number().int().min(0).optional(),
    rules: z.array(PasswordRule).optional(),
    field: z.string().max(40).optional(),
  })
  .strict();
export type KioskError = z.infer<typeof KioskError>;

export type Result<T> = { ok: true; value: T } | { ok: false; error: KioskError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: ErrorCode, extra: Omit<KioskError, 'code'> = {}): Result<never> => ({
  ok: false,
  error: { code, ...extra },
});

export const resultSchema = <T extends z.ZodType>(value: T) =>
  z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), value }).strict(),
    z.object({ ok: z.literal(false), error: KioskError }).strict(),
  ]);
