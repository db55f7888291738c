import type { AudioRoute, FlowView } from '../../../electron/contract';
import type { MessageKey } from '../i18n/es-EC';
import { t } from '../i18n/locale.svelte';

/**
 * What "Escuchar" says for a screen: its visible title and instruction, from the same catalog
 * keys the screen shows. Built only from keys and counts (minimum questions, clave length),
 * never from the view's personal fields (name, email, phone), so nothing personal reaches the
 * speaker of a shared kiosk.
 */
export type ScreenWords = { title: MessageKey; instruction: MessageKey; params?: Record<string, number> };

export function screenWords(view: FlowView | null): ScreenWords {
  if (view === null) return { title: 'welcome.title', instruction: 'welcome.intro' };
  switch (view.screen) {
    case 'identify':
      return { title: 'identify.title', instruction: view.kind === 'recover' ? 'kind.recover' : 'kind.generate' };
    case 'employerIdentify':
      return { title: 'employer.title', instruction: 'kind.employer' };
    case 'challenge':
      return { title: 'challenge.title', instruction: 'challenge.intro' };
    case 'confirmIdentity':
      return { title: 'confirmIdentity.title', instruction: 'confirmIdentity.body' };
    case 'securityQuestions':
      return { title: 'securityQuestions.title', instruction: 'securityQuestions.intro', params: { n: view.minimum } };
    case 'securityImage':
      return view.mode === 'pick'
        ? { title: 'securityImage.titlePick', instruction: 'securityImage.introPick' }
        : { title: 'securityImage.titleChoose', instruction: 'securityImage.introChoose' };
    case 'email':
      return {
        title: 'email.title',
        instruction: view.mode === 'onFile' ? 'email.introOnFile' : 'email.introRegister',
      };
    case 'confirmEmail':
      return { title: 'confirmEmail.title', instruction: 'confirmEmail.body' };
    case 'activation':
      return view.sms?.phase === 'code'
        ? { title: 'sms.title', instruction: 'sms.purpose' }
        : { title: 'activation.title', instruction: 'activation.waiting' };
    case 'declaration':
      return { title: 'declaration.title', instruction: 'declaration.label' };
    case 'password':
      return {
        title: 'password.title',
        instruction: 'password.intro',
        params: { min: view.minLength, max: view.maxLength },
      };
    case 'employerCode':
      return { title: 'employerCode.title', instruction: 'employerCode.intro' };
    case 'done':
      return { title: 'done.title', instruction: 'done.body' };
    case 'locked':
      return { title: 'locked.title', instruction: 'locked.body' };
  }
}

/**
 * The personal value a screen shows, as the person would want to hear it to confirm who they
 * are or where the mail goes. Said only through headphones (see `screenSpeech`).
 */
export function personalWords(view: FlowView | null): { key: MessageKey; value: string } | null {
  if (view === null) return null;
  switch (view.screen) {
    case 'confirmIdentity':
      return { key: 'speech.private.name', value: view.maskedName };
    case 'email':
      return view.mode === 'onFile' && view.maskedEmail
        ? { key: 'speech.private.email', value: view.maskedEmail }
        : null;
    case 'activation':
      // the SMS keypad shows the mobile, never said: it is not needed to know where to look
      return view.sms?.phase === 'code' ? null : { key: 'speech.private.email', value: view.maskedEmail };
    case 'confirmEmail':
    case 'employerCode':
      return { key: 'speech.private.email', value: view.maskedEmail };
    default:
      return null;
  }
}

/**
 * A masked email as a voice can say it: the hidden letters become a pause ("m***a" would be
 * read out as "asterisk" three times), "@" and "." become words of the person's language.
 */
export function speakableEmail(email: string): string {
  return email
    .replace(/\*+/g, ` ${t('speech.hidden')} `)
    .replace(/@/g, ` ${t('speech.at')} `)
    .replace(/\./g, ` ${t('speech.dot')} `)
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Everything "Escuchar" says for a screen, in the current locale: title and instruction, and
 * the personal value only when the sound goes to headphones (issue: a blind person must be
 * able to confirm who they are, but never with the queue listening on the speaker).
 */
export function screenSpeech(view: FlowView | null, route: AudioRoute): string[] {
  const words = screenWords(view);
  const parts = [t(words.title, words.params), t(words.instruction, words.params)];
  const personal = route === 'headphones' ? personalWords(view) : null;
  if (personal) {
    const value = personal.key === 'speech.private.email' ? speakableEmail(personal.value) : personal.value;
    parts.push(t(personal.key, { value }));
  }
  return parts;
}

/**
 * The name of the control the person is on, as a screen reader would say it, never its value.
 * Nothing inside [data-private] and no choice of the identity questions (its options come from
 * the person's record): for those only the question is said.
 */
export function focusedControlName(element: Element | null): string | null {
  if (!(element instanceof HTMLElement) || element === document.body) return null;
  if (element.closest('[data-private]')) return null;
  if (element instanceof HTMLInputElement && element.type === 'radio') {
    const group = element.closest('[role="radiogroup"], fieldset');
    const named = group?.getAttribute('aria-label') ?? group?.querySelector('legend')?.textContent ?? null;
    return named?.trim() || null;
  }
  if (
    element instanceof HTMLInputElement ||
    element instanceof HTMLSelectElement ||
    element instanceof HTMLTextAreaElement
  ) {
    const label = element.labels?.[0]?.textContent ?? element.getAttribute('aria-label');
    return label?.trim() || null;
  }
  const name = element.getAttribute('aria-label') ?? element.textContent;
  return name?.replace(/\s+/g, ' ').trim() || null;
}
