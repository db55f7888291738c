import { parsePhoneNumberFromString, type MetadataJson } from 'libphonenumber-js/core';
import ecuador from './phone-metadata.ec.json';

/**
 * Quick feedback on the kiosk for the phone numbers of trámite step 7, with the maintained
 * numbering plan of libphonenumber-js rather than hand-written patterns. The central decides;
 * this only spares the person a round trip for a number that cannot be right.
 */
export type PhoneProblem = 'missing' | 'invalid' | null;

// Ecuador's plan only (scripts/phone-metadata.ts): the full plan would weigh ~150 KB in the renderer
const metadata = ecuador as MetadataJson;

function typeOf(raw: string) {
  return parsePhoneNumberFromString(raw, 'EC', metadata)?.getType();
}

/** An Ecuadorian mobile (10 digits, 09…). `required`: the trámite asks for one when generating. */
export function mobileProblem(raw: string, required: boolean): PhoneProblem {
  if (raw === '') return required ? 'missing' : null;
  const type = typeOf(raw);
  return type === 'MOBILE' || type === 'FIXED_LINE_OR_MOBILE' ? null : 'invalid';
}

/** The optional "teléfono convencional": a fixed line with its provincial code (0 2…7 + 7 digits). */
export function landlineProblem(raw: string): PhoneProblem {
  if (raw === '') return null;
  const type = typeOf(raw);
  return type === 'FIXED_LINE' || type === 'FIXED_LINE_OR_MOBILE' ? null : 'invalid';
}
