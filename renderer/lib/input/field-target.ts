/**
 * Where the on-screen Keypad and Keyboard type: the text field the person last touched.
 * Keys never take focus themselves, so the field keeps its caret and the physical keyboard
 * keeps working alongside them.
 */
let target: HTMLInputElement | null = null;

const typable = (el: EventTarget | null): el is HTMLInputElement =>
  el instanceof HTMLInputElement &&
  ['text', 'password', 'tel', 'search', ''].includes(el.type) &&
  !el.disabled &&
  !el.readOnly;

/** Starts following focus; call once when the app mounts. */
export function trackFieldTarget(doc: Document = document): () => void {
  const onFocus = (event: FocusEvent) => {
    if (typable(event.target)) target = event.target;
  };
  doc.addEventListener('focusin', onFocus);
  return () => doc.removeEventListener('focusin', onFocus);
}

function currentField(): HTMLInputElement | null {
  if (target && !target.isConnected) target = null;
  return target;
}

/** Puts the value through the same path a keystroke takes, so bindings and listeners see it. */
function commit(
  field: HTMLInputElement,
  replace: (value: string, start: number, end: number) => { value: string; caret: number },
): void {
  const start = field.selectionStart ?? field.value.length;
  const end = field.selectionEnd ?? start;
  const next = replace(field.value, start, end);
  field.value = next.value;
  field.setSelectionRange(next.caret, next.caret);
  field.dispatchEvent(new Event('input', { bubbles: true }));
  if (document.activeElement !== field) field.focus({ preventScroll: true });
}

export function typeText(text: string): void {
  const field = currentField();
  if (!field) return;
  commit(field, (value, start, end) => {
    const room = field.maxLength > 0 ? field.maxLength - (value.length - (end - start)) : text.length;
    const insert = text.slice(0, Math.max(0, room));
    return { value: value.slice(0, start) + insert + value.slice(end), caret: start + insert.length };
  });
}

export function deleteBackward(): void {
  const field = currentField();
  if (!field) return;
  commit(field, (value, start, end) => {
    if (start !== end) return { value: value.slice(0, start) + value.slice(end), caret: start };
    if (start === 0) return { value, caret: 0 };
    return { value: value.slice(0, start - 1) + value.slice(end), caret: start - 1 };
  });
}

/** pointerdown handler for keys: keeps focus (and the caret) in the field. */
export function keepFieldFocus(event: PointerEvent): void {
  event.preventDefault();
}

/** Domain shortcut (@gmail.com …): replaces whatever follows the @ typed so far, or appends. */
export function completeDomain(domain: string): void {
  const field = currentField();
  // only an email field takes a domain (not the phone numbers on the same screen)
  if (!field || field.inputMode !== 'email') return;
  commit(field, (value) => {
    const at = value.indexOf('@');
    const next = (at === -1 ? value : value.slice(0, at)) + domain;
    return { value: next, caret: next.length };
  });
}
