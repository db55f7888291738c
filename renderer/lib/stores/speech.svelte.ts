import type { AudioRoute } from '../../../electron/contract';
import { i18n, t } from '../i18n/locale.svelte';
import { session } from './session.svelte';
import { focusedControlName, screenSpeech } from '../speech/script';

export const volumes = [0.4, 0.7, 1] as const;
export type Volume = (typeof volumes)[number];

/**
 * Spoken guidance (DESIGN §5 "Escuchar"): the words are made on the kiosk (core: espeak-ng)
 * and played here. `mode` on: each new screen and each control the person moves to is said.
 * `route`: where the kiosk's sound goes (a core fact); personal values are said only through
 * headphones. Held in memory only; a reset turns the mode off for the next person.
 */
export const speech = $state<{
  mode: boolean;
  playing: boolean;
  volume: Volume;
  bytes: number;
  failed: boolean;
  route: AudioRoute;
}>({
  mode: false,
  playing: false,
  volume: 0.7,
  bytes: 0,
  failed: false,
  // until the core says otherwise the sound goes to the room: nothing personal is said
  route: 'speaker',
});

/** The kiosk's physical speech key when the core names none (documented in the README). */
export const DEFAULT_SPEECH_KEY = 'F9';

/**
 * Turns the mode on or off. On: App's effect on `speech.mode` says the screen (saying it here too
 * would start a second synthesis that cancels the first). Off: says so, so a blind person knows.
 */
export function setSpeechMode(on: boolean): void {
  if (speech.mode === on) return;
  speech.mode = on;
  if (!on) {
    stopSpeech();
    void say(t('speech.modeOff'));
  }
}

/**
 * The route the core reports. Plugging headphones in is how many accessible kiosks are asked
 * for speech: the mode turns on. Unplugging leaves the mode as it is but stops personal values.
 */
export function applyAudioRoute(route: AudioRoute): void {
  const plugged = route === 'headphones' && speech.route !== 'headphones';
  speech.route = route;
  if (plugged) setSpeechMode(true);
}

/** Route changes pushed by the core; the first route comes with app.info (see App.svelte). */
export function watchSpeech(): void {
  session.on('speech.route', ({ route }) => applyAudioRoute(route));
}

/** The physical key toggles the mode from any screen; holding it down toggles once. */
export function onSpeechKey(event: KeyboardEvent, key: string): boolean {
  if (event.key !== key || event.ctrlKey || event.altKey || event.metaKey) return false;
  event.preventDefault();
  if (!event.repeat) setSpeechMode(!speech.mode);
  return true;
}

let audio: HTMLAudioElement | null = null;
let url: string | null = null;
let ticket = 0;

export function bindAudio(element: HTMLAudioElement): void {
  audio = element;
  audio.onended = () => (speech.playing = false);
}

export function stopSpeech(): void {
  ticket += 1;
  audio?.pause();
  speech.playing = false;
}

export async function say(text: string): Promise<void> {
  const mine = ++ticket;
  audio?.pause();
  const result = await session.request('speech.say', { text: text.slice(0, 800), locale: i18n.locale }, true);
  if (mine !== ticket) return;
  speech.failed = !result.ok;
  if (!result.ok || !audio) return;
  const bytes = Uint8Array.from(atob(result.value.wav), (c) => c.charCodeAt(0));
  if (url) URL.revokeObjectURL(url);
  url = URL.createObjectURL(new Blob([bytes], { type: 'audio/wav' }));
  speech.bytes = bytes.length;
  audio.src = url;
  audio.volume = speech.volume;
  speech.playing = true;
  // a kiosk without a sound device still shows the words; a refused play is not an error to show
  await audio.play().catch(() => (speech.playing = false));
}

/** The current screen's title and instruction, then the control the person is on. */
export function sayScreen(): Promise<void> {
  const parts = screenSpeech(session.view, speech.route);
  const control = focusedControlName(document.activeElement);
  if (control) parts.push(control);
  return say(parts.join('. '));
}
