/**
 * What a kiosk screen may show of a person's data: the central masks what it tells a kiosk, the
 * kiosk what it shows (DESIGN §2 step 7: the registered address shown masked; flow views never
 * hold a full identifier). Enough for the person to recognise their own, too little for a
 * bystander to learn it.
 */

const STARS = '***';

function stars(n: number): string {
  return '*'.repeat(Math.max(0, n));
}

/** 'maria' → 'm***a'; a 1–2 character local part keeps only its first character. */
function maskLocal(local: string): string {
  const chars = [...local];
  if (chars.length === 0) return '';
  if (chars.length <= 2) return `${chars[0]}${STARS}`;
  return `${chars[0]}${STARS}${chars[chars.length - 1]}`;
}

/**
 * 'maria@example.com' → 'm***a@e******.com': the first label of the domain keeps its first
 * character and one star per other character; the rest, from the first dot, stays readable
 * (people recognise ".com", ".gob.ec"). Without an '@' the whole text is masked as a local part.
 */
export function maskEmail(email: string): string {
  const trimmed = email.trim();
  const at = trimmed.lastIndexOf('@');
  if (at < 0) return maskLocal(trimmed);
  const local = maskLocal(trimmed.slice(0, at));
  const domain = trimmed.slice(at + 1);
  const dot = domain.indexOf('.');
  const label = [...(dot < 0 ? domain : domain.slice(0, dot))];
  const rest = dot < 0 ? '' : domain.slice(dot);
  const maskedLabel = label.length === 0 ? '' : `${label[0]}${stars(label.length - 1)}`;
  return `${local}@${maskedLabel}${rest}`;
}

/** 'María Fernanda Quishpe Toapanta' → 'María F. Q. T.' (first given name, initials of the rest). */
export function maskName(fullName: string): string {
  const [first, ...rest] = fullName
    .trim()
    .split(/\s+/)
    .filter((w) => w.length > 0);
  if (first === undefined) return '';
  const initials = rest.map((w) => `${[...w][0]?.toLocaleUpperCase('es-EC') ?? ''}.`);
  return [first, ...initials].join(' ');
}

/** '0991234567' → '09******67': the operator prefix and the last two digits. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length <= 4) return stars(digits.length);
  return `${digits.slice(0, 2)}${stars(digits.length - 4)}${digits.slice(-2)}`;
}

/**
 * '0991234567' → '09*****567': the mobile an SMS code goes to, as the activation screen names it.
 * Three last digits, one more than a landline shows, because the person must tell which of
 * their phones will ring; the middle five stay hidden from whoever stands behind them.
 */
export function maskMobile(mobile: string): string {
  const digits = mobile.replace(/\D/g, '');
  if (digits.length <= 5) return stars(digits.length);
  return `${digits.slice(0, 2)}${stars(digits.length - 5)}${digits.slice(-3)}`;
}

/** '1710034065' → '******4065': the last four, as receipts show them. */
export function maskId(id: string): string {
  const chars = [...id.trim()];
  if (chars.length <= 4) return stars(chars.length);
  return `${stars(chars.length - 4)}${chars.slice(-4).join('')}`;
}
