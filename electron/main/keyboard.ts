import type { Role } from '../core/role';

/** The subset of Electron's before-input-event Input we read. */
export type KeyInput = {
  type: string;
  key: string;
  code?: string;
  control: boolean;
  meta: boolean;
  alt: boolean;
  shift: boolean;
};

// F5 reload, F11 fullscreen toggle, F12 devtools, F3 find, F6 focus address, F7 caret browsing,
// F10 menu bar; media/browser keys on kiosk keyboards
const BLOCKED_ALONE = new Set([
  'f3',
  'f5',
  'f6',
  'f7',
  'f10',
  'f11',
  'f12',
  'browserback',
  'browserforward',
  'browserrefresh',
  'browserhome',
  'browsersearch',
  'browserfavorites',
  'browserstop',
]);
// Alt+F4 close, Alt+←/→ history, Alt+Home home page
const BLOCKED_WITH_ALT = new Set(['f4', 'arrowleft', 'arrowright', 'home']);
// Ctrl/Cmd + R reload, W close, Q quit, P print, U view-source, N/T new window/tab, O open,
// S save, L location, J downloads, H history, F/G find, M minimise, Tab switch
const BLOCKED_WITH_MOD = new Set([
  'r',
  'w',
  'q',
  'p',
  'u',
  'n',
  't',
  'o',
  's',
  'l',
  'j',
  'h',
  'f',
  'g',
  'm',
  'tab',
  'pageup',
  'pagedown',
]);
// Ctrl+Shift + I devtools, J console, C inspect, Delete clear browsing data
const BLOCKED_WITH_MOD_SHIFT = new Set(['i', 'j', 'c', 'delete']);
// zoom: Ctrl + / Ctrl - / Ctrl 0, main row and keypad, on any layout
const ZOOM_KEYS = new Set(['+', '-', '=', '_', '0', 'add', 'subtract']);
const ZOOM_CODES = new Set(['NumpadAdd', 'NumpadSubtract', 'Numpad0', 'Equal', 'Minus', 'Digit0']);

/**
 * Shortcuts that would let someone at the kiosk leave, reload, inspect, zoom, print or open a
 * window (DESIGN §6). Dropped in the kiosk role; staff roles keep their keyboard. Anything but a
 * key release counts as a press (Electron also reports rawKeyDown and char).
 */
export function isBlockedShortcut(input: KeyInput, role: Role): boolean {
  if (role !== 'kiosk' || input.type === 'keyUp') return false;
  const key = input.key.toLowerCase();
  if (BLOCKED_ALONE.has(key)) return true;
  if (input.alt && BLOCKED_WITH_ALT.has(key)) return true;
  if (!(input.control || input.meta)) return false;
  if (BLOCKED_WITH_MOD.has(key)) return true;
  if (input.shift && BLOCKED_WITH_MOD_SHIFT.has(key)) return true;
  return ZOOM_KEYS.has(key) || (input.code !== undefined && ZOOM_CODES.has(input.code));
}
