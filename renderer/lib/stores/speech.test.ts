import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { applyAudioRoute, onSpeechKey, setSpeechMode, speech } from './speech.svelte';

/** A key press as the window hears it. */
const press = (key: string, extra: Partial<KeyboardEvent> = {}) => {
  const event = {
    key,
    ctrlKey: false,
    altKey: false,
    metaKey: false,
    repeat: false,
    preventDefault: vi.fn(),
    ...extra,
  };
  return { event, handled: onSpeechKey(event as unknown as KeyboardEvent, 'F9') };
};

describe('spoken guidance mode: the physical key and the headphone jack', () => {
  beforeEach(() => {
    // saying the screen looks at the focused control; no page here, nothing focused
    vi.stubGlobal('document', { activeElement: null });
    vi.stubGlobal('HTMLElement', class {});
    speech.mode = false;
    speech.route = 'speaker';
  });
  afterEach(() => vi.unstubAllGlobals());

  it('the speech key turns the mode on and off; other keys and held keys do not', () => {
    expect(press('F8').handled).toBe(false);
    expect(speech.mode).toBe(false);
    const first = press('F9');
    expect(first.handled).toBe(true);
    expect(first.event.preventDefault).toHaveBeenCalled();
    expect(speech.mode).toBe(true);
    press('F9', { repeat: true });
    expect(speech.mode).toBe(true);
    press('F9');
    expect(speech.mode).toBe(false);
    // Ctrl+F9 is not the kiosk's key
    expect(press('F9', { ctrlKey: true }).handled).toBe(false);
    expect(speech.mode).toBe(false);
  });

  it('plugging headphones turns the mode on; unplugging keeps the mode but ends personal values', () => {
    applyAudioRoute('speaker');
    expect(speech.mode).toBe(false);
    applyAudioRoute('headphones');
    expect(speech).toMatchObject({ mode: true, route: 'headphones' });
    // the person turned it off with headphones still in: a repeated report does not override them
    setSpeechMode(false);
    applyAudioRoute('headphones');
    expect(speech.mode).toBe(false);
    setSpeechMode(true);
    applyAudioRoute('speaker');
    expect(speech).toMatchObject({ mode: true, route: 'speaker' });
  });
});
