/**
 * Foreigner identification code (DESIGN §2): the format is whatever the central issues, so the
 * kiosk checks only a shape, to catch typos before a network call:
 * 6–15 characters, ASCII letters A–Z and digits only (no spaces, dashes or accents), at least
 * one digit (every issued code is numbered; a digit-free entry is a name typed by mistake).
 * Letters of either case pass the shape check; send and compare codes only after
 * `normalizeForeignerCode`.
 */

const FOREIGNER_SHAPE = /^(?=.*\d)[A-Za-z0-9]{6,15}$/;

/** Trims and upper-cases, so "ab123456 " and "AB123456" are the same code. */
export function normalizeForeignerCode(s: string): string {
  return s.trim().toUpperCase();
}

/** Shape only; surrounding spaces fail (normalise first). */
export function isForeignerCodeShape(code: string): boolean {
  return FOREIGNER_SHAPE.test(code);
}
