/**
 * GSM 03.38 (3GPP TS 23.038) default alphabet, basic table only: the characters every handset and
 * every local route takes as one septet each. The extension table (€, [, ], {, }, ^, ~, |, \) costs
 * two septets and some routes drop it, and accented Spanish letters outside the table (á, í, ó, ú)
 * force UCS-2 (70 characters a segment) or are rejected: a message of ours uses none of them.
 */
const BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';

const BASIC_SET = new Set([...BASIC].filter((ch) => ch !== '\u001b'));

/** One SMS segment in GSM-7 holds 160 septets. */
export const SINGLE_SEGMENT_SEPTETS = 160;

/** Letters a local route may still reject though GSM-7 has them (accented, ñ): we avoid them too. */
const PLAIN = /^[A-Za-z0-9 .,:;!?()'"%&+\-/=\n]*$/;

/** Every character is in the basic table (no escape, no extension, no UCS-2). */
export function isGsm7Basic(text: string): boolean {
  return [...text].every((ch) => BASIC_SET.has(ch));
}

/** Plain enough for any route: basic table and no accented letter at all. */
export function isPlainGsm7(text: string): boolean {
  return isGsm7Basic(text) && PLAIN.test(text);
}

/** Septets the text takes; only meaningful for a basic-table text (one septet per character). */
export function septets(text: string): number {
  return [...text].length;
}

export const GSM7_BASIC_ALPHABET = BASIC;
