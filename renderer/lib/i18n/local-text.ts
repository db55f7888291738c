import type { LocalText } from '../../../electron/contract';
import { i18n } from './locale.svelte';

/** Catalog text from the central in the current language; seed data may hold only Spanish. */
export function localText(text: LocalText): string {
  return (i18n.locale === 'en' ? text.en : undefined) ?? text['es-EC'];
}
