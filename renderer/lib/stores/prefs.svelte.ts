import type { Locale } from '../../../electron/contract';
import { i18n, setLocale } from '../i18n/locale.svelte';

export type TextSize = 'normal' | 'large' | 'xlarge';

/** "Grande" by default: the kiosk is read standing, often by people who left their glasses at home. */
export const DEFAULT_TEXT_SIZE: TextSize = 'large';

/**
 * How the screen looks for the person standing at it. Held only in memory: a reset returns to
 * es-EC, the default size, normal contrast for the next person (DESIGN §6).
 */
export const prefs = $state<{ textSize: TextSize; highContrast: boolean }>({
  textSize: DEFAULT_TEXT_SIZE,
  highContrast: false,
});

export function chooseLocale(locale: Locale): void {
  setLocale(locale);
}

export function currentLocale(): Locale {
  return i18n.locale;
}

/** True once the person changed anything, so an idle reset is worth doing even on welcome. */
export function prefsChanged(): boolean {
  return i18n.locale !== 'es-EC' || prefs.textSize !== DEFAULT_TEXT_SIZE || prefs.highContrast;
}
