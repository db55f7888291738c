import { i18n, t } from '../i18n/locale.svelte';
import { session } from './session.svelte';
import { focusedControlName, screenWords } from '../speech/script';

export const volumes = [0.4, 0.7, 1] as const;
export type Volume = (typeof volumes)[number];

/**
 * Spoken guidance (DESIGN §5 "Escuchar"): the words are made on the kiosk (core: espeak-ng)
 * and played here. `mode` on: each new screen and each control the person moves to is said.
 * Held in memory only; a reset turns it off for the next person.
 */
export const speech = $state<{ mode: boolean; playing: boolean; volume: Volume; bytes: number; failed: boolean }>({
  mode: false,
  playing: false,
  volume: 0.7,
  bytes: 0,
  failed: false,
});

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
  const words = screenWords(session.view);
  const parts = [t(words.title, words.params), t(words.instruction, words.params)];
  const control = focusedControlName(document.activeElement);
  if (control) parts.push(control);
  return say(parts.join('. '));
}
