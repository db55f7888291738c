import type { ErrorCode, KioskError } from '../../../electron/contract';
import type { MessageKey } from '../i18n/es-EC';

/**
 * Errors that point (the GOV.UK pattern): an error about one field names that field and says how
 * to fix it, sits next to it and is summarised at the top with a link to it. The names are the
 * ones the core already uses in `KioskError.field`, so a refusal from the core points the same way
 * as a check made on the kiosk.
 */
export const fieldIds = {
  id: 'id-number',
  email: 'email',
  confirm: 'email-confirm',
  mobile: 'mobile',
  landline: 'landline',
  password: 'password',
  repeat: 'password-repeat',
  ruc: 'ruc',
  branch: 'branch',
  legalRepId: 'legal-rep',
} as const;
export type FieldName = keyof typeof fieldIds;

const isFieldName = (name: string | undefined): name is FieldName =>
  name !== undefined && Object.hasOwn(fieldIds, name);

/** What to tell the person about one field: by the error's code, else the field's general advice. */
const messages: Record<FieldName, { fallback: MessageKey } & Partial<Record<ErrorCode, MessageKey>>> = {
  id: { fallback: 'fieldError.id.missing', invalid_id: 'fieldError.id.invalid', not_found: 'fieldError.id.notFound' },
  email: { fallback: 'fieldError.email.missing', email_invalid: 'fieldError.email.invalid' },
  confirm: { fallback: 'fieldError.confirm.missing', email_mismatch: 'fieldError.confirm.mismatch' },
  mobile: { fallback: 'fieldError.mobile' },
  landline: { fallback: 'fieldError.landline' },
  // a refused clave keeps the core's list of broken rules: the message names them
  password: { fallback: 'fieldError.password.missing', password_policy: 'error.password_policy' },
  repeat: { fallback: 'fieldError.repeat.missing', password_mismatch: 'fieldError.repeat.mismatch' },
  ruc: { fallback: 'fieldError.ruc' },
  branch: { fallback: 'fieldError.branch' },
  legalRepId: { fallback: 'fieldError.legalRep' },
};

export type FieldProblem = { field: FieldName; inputId: string; message: MessageKey };

/** The field an error points at and the words for it; null for an error about the whole screen. */
export function fieldProblem(error: KioskError | null): FieldProblem | null {
  if (!error || !isFieldName(error.field)) return null;
  const entry = messages[error.field];
  return { field: error.field, inputId: fieldIds[error.field], message: entry[error.code] ?? entry.fallback };
}

/** The first empty field of a form, in screen order, or null when all are filled. */
export function firstMissing(fields: ReadonlyArray<readonly [FieldName, string]>): FieldName | null {
  return fields.find(([, value]) => value.trim() === '')?.[0] ?? null;
}
