import type { PasswordCheck, PasswordRule } from '../vocabulary';
import { containsPersonal, personalTokens } from './personal';
import { hasSequenceRun } from './sequence';
import { measureStrength } from './strength';

/**
 * The kiosk's password policy (DESIGN §2; the central may tighten it). No composition rule.
 *
 * Alphabet: ASCII letters A–Z / a–z and digits 0–9 only, the portal's alphabet. ñ/Ñ and accented
 * letters are refused: the clave is later typed on the portal from phones and foreign keyboards
 * that lack them, and they have two Unicode spellings (NFC/NFD) that would not compare equal.
 */
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 15;

const PORTAL_ALPHABET = /^[A-Za-z0-9]*$/;

export type PasswordInput = { password: string; repeat: string; personal: string[] };

export function checkPassword(input: PasswordInput): PasswordCheck {
  const { password, repeat, personal } = input;
  const tokens = personalTokens(personal);
  const length = [...password].length;
  const strength = measureStrength(password, tokens);

  const broken: PasswordRule[] = [];
  if (length < PASSWORD_MIN || length > PASSWORD_MAX) broken.push('length');
  if (!PORTAL_ALPHABET.test(password)) broken.push('alphabet');
  if (hasSequenceRun(password)) broken.push('sequence');
  if (containsPersonal(password, tokens)) broken.push('personal');
  if (strength.common) broken.push('common');

  return {
    broken,
    matches: password.length > 0 && password === repeat,
    // a listed common password must not show a strong meter while the rule says no
    strength: strength.common ? Math.min(strength.score, 1) : strength.score,
  };
}
