import type { KioskError } from '../../../electron/contract';
import { formatList, t } from '../i18n/locale.svelte';
import { ruleKey } from '../i18n/keys';
import { fieldProblem } from './field-errors';

/** The words for an error, in the current language, with the broken clave rules spelled out. */
export function errorParams(error: KioskError): { rules: string } {
  return { rules: formatList((error.rules ?? []).map((rule) => t(ruleKey[rule]))) };
}

/** The message shown next to `field` when the current error points at it, else null. */
export function fieldErrorText(error: KioskError | null, field: string | undefined): string | null {
  const problem = fieldProblem(error);
  if (!error || !problem || field === undefined || problem.field !== field) return null;
  return t(problem.message, errorParams(error));
}
