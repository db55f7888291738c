/**
 * Ecuadorian cédula (DESIGN §2, identifiers): 10 digits; province 01–24, 30 (registered
 * abroad) or 50; third digit 0–6; the tenth digit is a modulo-10 check over the first nine
 * with weights 2,1,2,1… where a product above 9 has 9 subtracted.
 */

const CEDULA_SHAPE = /^\d{10}$/;
const NINE_DIGITS = /^\d{9}$/;

/** DESIGN §2: provinces 01–24, 30 (registered abroad) and 50. */
export function isValidProvince(code: number): boolean {
  return (code >= 1 && code <= 24) || code === 30 || code === 50;
}

/** The check digit of the first nine digits; NaN when the input is not nine digits. */
export function cedulaCheckDigit(first9: string): number {
  if (!NINE_DIGITS.test(first9)) return Number.NaN;
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    const product = Number(first9[i]) * (i % 2 === 0 ? 2 : 1);
    sum += product > 9 ? product - 9 : product;
  }
  return (10 - (sum % 10)) % 10;
}

export function isValidCedula(id: string): boolean {
  if (!CEDULA_SHAPE.test(id)) return false;
  if (!isValidProvince(Number(id.slice(0, 2)))) return false;
  if (Number(id[2]) > 6) return false;
  return cedulaCheckDigit(id.slice(0, 9)) === Number(id[9]);
}
