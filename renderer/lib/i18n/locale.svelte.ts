import type { Locale } from '../../../electron/contract';
import { esEC, type Catalog, type Message, type MessageKey } from './es-EC';
import { en } from './en';

const catalogs: Record<Locale, Catalog> = { 'es-EC': esEC, en };

/** The language of the screen. Not persisted: each new person starts in es-EC (DESIGN §6). */
export const i18n = $state<{ locale: Locale }>({ locale: 'es-EC' });

export type Params = Record<string, string | number>;

/** Picks the plural form of a message for `n` by the locale's rules. */
function pick(message: Message, locale: Locale, n: unknown): string {
  if (typeof message === 'string') return message;
  const count = typeof n === 'number' ? n : Number(n);
  return new Intl.PluralRules(locale).select(count) === 'one' ? message.one : message.other;
}

/** The text of `key` in the current language, with `{name}` placeholders filled from params. */
export function t(key: MessageKey, params: Params = {}): string {
  const locale = i18n.locale;
  const text = pick(catalogs[locale][key], locale, params.n);
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? formatNumber(value) : value;
  });
}

export function formatNumber(value: number): string {
  return new Intl.NumberFormat(i18n.locale, { useGrouping: false }).format(value);
}

/** A time of day in the current language, e.g. for when a lockout ends. */
export function formatDateTime(epochMs: number): string {
  return new Intl.DateTimeFormat(i18n.locale, { dateStyle: 'long', timeStyle: 'short' }).format(new Date(epochMs));
}

/** A time of day, with the date only when it is not today (staff panel times). */
export function formatTime(epochMs: number, nowMs: number): string {
  const sameDay = new Date(epochMs).toDateString() === new Date(nowMs).toDateString();
  const options: Intl.DateTimeFormatOptions = sameDay
    ? { timeStyle: 'short' }
    : { dateStyle: 'medium', timeStyle: 'short' };
  return new Intl.DateTimeFormat(i18n.locale, options).format(new Date(epochMs));
}

/** How long ago, in the largest whole unit: "hace 5 minutos" / "5 minutes ago". */
export function formatAgo(epochMs: number, nowMs: number): string {
  const seconds = Math.round((epochMs - nowMs) / 1000);
  const format = new Intl.RelativeTimeFormat(i18n.locale, { numeric: 'auto' });
  const abs = Math.abs(seconds);
  if (abs < 60) return format.format(seconds, 'second');
  if (abs < 3600) return format.format(Math.round(seconds / 60), 'minute');
  if (abs < 86400) return format.format(Math.round(seconds / 3600), 'hour');
  return format.format(Math.round(seconds / 86400), 'day');
}

/** A list in the current language: "a, b y c" / "a, b, and c". */
export function formatList(items: string[]): string {
  return new Intl.ListFormat(i18n.locale, { style: 'long', type: 'conjunction' }).format(items);
}

export function setLocale(locale: Locale): void {
  i18n.locale = locale;
}

export type { MessageKey };
