/**
 * Password policy (DESIGN §2): rejected when it holds a run of 4+ sequential ("abcd", "1234",
 * "9876", "dcba") or repeated ("aaaa", "1111") characters. Case is ignored ("aBcD", "AaAa"), and
 * a run stays within letters or within digits ("89ab" is not a run).
 */

export const MAX_RUN = 3;

type CharClass = 'letter' | 'digit' | 'other';

function classOf(ch: string): CharClass {
  if (ch >= 'a' && ch <= 'z') return 'letter';
  if (ch >= '0' && ch <= '9') return 'digit';
  return 'other';
}

/** Length of the longest run of equal, ascending-by-one or descending-by-one characters. */
export function longestRun(password: string): number {
  const chars = [...password.toLowerCase()];
  let longest = chars.length > 0 ? 1 : 0;
  let run = 1;
  let step = 0;
  for (let i = 1; i < chars.length; i++) {
    const prev = chars[i - 1] ?? '';
    const cur = chars[i] ?? '';
    const cls = classOf(cur);
    const delta = (cur.codePointAt(0) ?? 0) - (prev.codePointAt(0) ?? 0);
    if (cls === 'other' || cls !== classOf(prev) || Math.abs(delta) > 1) {
      run = 1;
    } else if (run >= 2 && delta === step) {
      run += 1;
    } else {
      run = 2;
      step = delta;
    }
    longest = Math.max(longest, run);
  }
  return longest;
}

export function hasSequenceRun(password: string): boolean {
  return longestRun(password) > MAX_RUN;
}
