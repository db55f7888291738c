/**
 * Password policy (DESIGN §2): rejected when it contains the person's cédula / RUC / birth date.
 * `personal` holds identifiers as typed and the birth date as ISO 'YYYY-MM-DD'; from the date we
 * derive the forms people write (ddmmyyyy, yyyymmdd, ddmmyy), and from a 13-digit RUC also the
 * cédula it starts with. Comparison ignores case (foreigner codes hold letters).
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const RUC = /^\d{13}$/;
/** Shorter fragments would reject unrelated passwords by chance. */
const MIN_TOKEN_LENGTH = 4;

/** Every form of the person's data that must not appear inside the password, lower case. */
export function personalTokens(personal: readonly string[]): string[] {
  const tokens = new Set<string>();
  for (const raw of personal) {
    const value = raw.trim().toLowerCase();
    const date = ISO_DATE.exec(value);
    if (date) {
      const [, yyyy = '', mm = '', dd = ''] = date;
      for (const form of [`${dd}${mm}${yyyy}`, `${yyyy}${mm}${dd}`, `${dd}${mm}${yyyy.slice(2)}`]) tokens.add(form);
      continue;
    }
    if (value.length >= MIN_TOKEN_LENGTH) tokens.add(value);
    if (RUC.test(value)) tokens.add(value.slice(0, 10));
  }
  return [...tokens];
}

export function containsPersonal(password: string, tokens: readonly string[]): boolean {
  const lower = password.toLowerCase();
  return tokens.some((t) => lower.includes(t));
}
