/** Digits only: cédula, RUC, branch, codes and phone numbers are typed as digits. */
export const onlyDigits = (raw: string): string => raw.replace(/\D+/g, '');

/** Letters and digits: a foreigner code's shape is the central's business, but never spaces or symbols. */
export const alphanumeric = (raw: string): string => raw.replace(/[^0-9A-Za-z]+/g, '').toUpperCase();

/** An email has no spaces; a finger slip on the space bar should not make it invalid. */
export const noSpaces = (raw: string): string => raw.replace(/\s+/g, '');
