import type { Role } from './roles';

/** The subset of Electron's before-input-event Input we read. */
export type KeyInput = { type: string; key: string; code?: string; control: boolean; meta: boolean; alt: boolean; shift: boolean };

/**
 * Shortcuts that would let someone at the kiosk leave, reload, inspect, zoom, print or open a
 * window. Dropped in the kiosk role; staff roles keep their keyboard.
 */
export function isBlockedShortcut(input: KeyInput, role: Role): boolean {
  if (role !== 'kiosk' || input.type !== 'keyDown') return false;
  const key = input.key.toLowerCase();
  const mod = input.control || input.meta;
  if (['f5', 'f11', 'f12', 'browserback', 'browserforward', 'browserrefresh'].includes(key)) return true;
  if (input.alt && (key === 'f4' || key === 'arrowleft' || key === 'arrowright' || key === 'home')) return true;
  if (!mod) return false;
  if (['r', 'w', 'q', 'p', 'u', 'n', 't', 'o', 's', 'l', 'j', 'h', 'f', 'g', 'm'].includes(key)) return true;
  if (input.shift && ['i', 'j', 'c', 'delete'].includes(key)) return true;
  // zoom: Ctrl + / Ctrl - / Ctrl 0, main row and keypad
  if (['+', '-', '=', '_', '0', 'add', 'subtract'].includes(key)) return true;
  return input.code === 'NumpadAdd' || input.code === 'NumpadSubtract' || input.code === 'Equal' || input.code === 'Minus';
}
