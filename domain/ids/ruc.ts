import { isValidCedula, isValidProvince } from './cedula';

/**
 * Ecuadorian RUC (DESIGN §2, identifiers), 13 digits, kind chosen by the third digit:
 * - 0–5 natural person: a valid cédula + establishment 001–999;
 * - 6 public entity: mod 11 over digits 1–8 (weights 3,2,7,6,5,4,3,2), check = digit 9,
 *   establishment = digits 10–13 (0001…);
 * - 9 private company: mod 11 over digits 1–9 (weights 4,3,2,7,6,5,4,3,2), check = digit 10,
 *   establishment = digits 11–13.
 * The SRI no longer issues every company RUC with a valid mod-11 digit, so a failed check is
 * reported (`checkDigitOk: false`), never a rejection: the central decides. Third digits 7 and
 * 8 are not issued and are rejected. A third digit 6 is ambiguous: cédulas carry it too
 * (0962467429 is one), so a RUC with it is public when its public check digit holds, else
 * natural when it is a valid cédula + branch, else public with `checkDigitOk: false`.
 */
export type RucCheck = { ok: false } | { ok: true; kind: 'natural' | 'private' | 'public'; checkDigitOk: boolean };

const RUC_SHAPE = /^\d{13}$/;
const BRANCH_SHAPE = /^\d{3}$/;
const PRIVATE_WEIGHTS = [4, 3, 2, 7, 6, 5, 4, 3, 2] as const;
const PUBLIC_WEIGHTS = [3, 2, 7, 6, 5, 4, 3, 2] as const;

/** DESIGN §2: a branch (establishment) is 3 digits, 001–999, never 000. */
export function isValidBranch(b: string): boolean {
  return BRANCH_SHAPE.test(b) && b !== '000';
}

/** Modulo-11 check digit of `digits` under `weights`; 10 means no digit can be valid. */
export function mod11CheckDigit(digits: string, weights: readonly number[]): number {
  let sum = 0;
  weights.forEach((w, i) => {
    sum += Number(digits[i]) * w;
  });
  const rest = sum % 11;
  return rest === 0 ? 0 : 11 - rest;
}

export function checkRuc(ruc: string): RucCheck {
  if (!RUC_SHAPE.test(ruc)) return { ok: false };
  if (!isValidProvince(Number(ruc.slice(0, 2)))) return { ok: false };
  const third = Number(ruc[2]);
  if (third <= 5) {
    if (!isValidCedula(ruc.slice(0, 10)) || !isValidBranch(ruc.slice(10))) return { ok: false };
    return { ok: true, kind: 'natural', checkDigitOk: true };
  }
  if (third === 6) {
    const publicEstablishmentOk = !/^0+$/.test(ruc.slice(9));
    const publicCheckOk = mod11CheckDigit(ruc, PUBLIC_WEIGHTS) === Number(ruc[8]);
    if (publicEstablishmentOk && publicCheckOk) return { ok: true, kind: 'public', checkDigitOk: true };
    if (isValidCedula(ruc.slice(0, 10)) && isValidBranch(ruc.slice(10))) {
      return { ok: true, kind: 'natural', checkDigitOk: true };
    }
    return publicEstablishmentOk ? { ok: true, kind: 'public', checkDigitOk: false } : { ok: false };
  }
  if (third === 9) {
    if (!isValidBranch(ruc.slice(10))) return { ok: false };
    return { ok: true, kind: 'private', checkDigitOk: mod11CheckDigit(ruc, PRIVATE_WEIGHTS) === Number(ruc[9]) };
  }
  return { ok: false };
}
