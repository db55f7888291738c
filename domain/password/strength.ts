import { createRequire } from 'node:module';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import type * as LanguageCommon from '@zxcvbn-ts/language-common';
import type * as LanguageEsEs from '@zxcvbn-ts/language-es-es';

/**
 * "Common password" test of the password policy (DESIGN §2: @zxcvbn-ts with its common and
 * Spanish dictionaries, score ≥ 2).
 *
 * Levenshtein matching is off on purpose: it compares the whole password with every dictionary
 * word, ~100–200 ms per call on kiosk-class hardware against ~10–20 ms without, and this runs on
 * every keystroke (live feedback, trámite step 12). What it would catch, a common password with
 * digits appended ("superman12", "teamo123"), is caught instead by `inCommonList`, which strips
 * trailing digits and looks the rest up in the common-passwords list.
 */

export type Strength = { score: 0 | 1 | 2 | 3 | 4; common: boolean };

/** DESIGN §2: score < 2 is too weak. */
export const MIN_SCORE = 2;
/** A shorter base ("ab" of "ab123456") says nothing about the choice; zxcvbn judges those. */
const MIN_BASE_LENGTH = 4;

/**
 * The l33t matcher tries every combination of look-alike swaps (1→i/l, 3→e, 4→a, 0→o…); at the
 * library's default of 100 a clave like "Rx1234Quilo" costs ~25–170 ms per keystroke, and that
 * was the live check's slow tail. Ten swaps still catch the usual "p4ssw0rd" forms, in ~5 ms.
 */
const L33T_MAX_SUBSTITUTIONS = 10;

type Engine = { zxcvbn: ZxcvbnFactory; commonPasswords: ReadonlySet<string> };
let engine: Engine | undefined;

/**
 * The dictionaries are required here, on first use, not imported: parsing them takes ~0.4 s, and
 * at import time that sat between the host's start and its ready line. A bundler leaves this
 * require alone, so the built host reads them from node_modules when the warm-up asks.
 */
const load = createRequire(import.meta.url);

/** Built once, on first use: the dictionaries are large and most processes never need them. */
function getEngine(): Engine {
  if (engine) return engine;
  const common = load('@zxcvbn-ts/language-common') as typeof LanguageCommon;
  const esEs = load('@zxcvbn-ts/language-es-es') as typeof LanguageEsEs;
  engine = {
    zxcvbn: new ZxcvbnFactory({
      dictionary: { ...common.dictionary, ...esEs.dictionary },
      graphs: common.adjacencyGraphs,
      translations: esEs.translations,
      l33tMaxSubstitutions: L33T_MAX_SUBSTITUTIONS,
    }),
    commonPasswords: new Set(common.dictionary['passwords-common']),
  };
  return engine;
}

/** The password, or the password without its trailing digits, is a listed common password. */
export function inCommonList(password: string): boolean {
  const { commonPasswords } = getEngine();
  const lower = password.toLowerCase();
  if (commonPasswords.has(lower)) return true;
  const base = lower.replace(/\d+$/, '');
  return base.length >= MIN_BASE_LENGTH && base !== lower && commonPasswords.has(base);
}

/**
 * zxcvbn's cost grows fast with length (~150 ms at the contract's 64 characters), so it judges
 * at most the first 15 characters (PASSWORD_MAX): anything longer is refused by the length rule anyway.
 */
const ZXCVBN_MAX_LENGTH = 15;

/** `userInputs` are the person's own words (identifiers, birth date forms), weighed as guessable. */
export function measureStrength(password: string, userInputs: readonly string[]): Strength {
  const { zxcvbn } = getEngine();
  const judged = [...password].slice(0, ZXCVBN_MAX_LENGTH).join('');
  const score = zxcvbn.check(judged, [...userInputs]).score;
  return { score, common: score < MIN_SCORE || inCommonList(password) };
}
