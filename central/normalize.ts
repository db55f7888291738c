/**
 * Trámite step 6: security answers are compared after trim, lower case and without accents, so
 * "  Quitó " and "quito" match. Kiosk and central both apply exactly this before hashing or
 * verifying; it is part of the central contract.
 */
export function normalizeAnswer(answer: string): string {
  return answer
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}
