import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createSpeaker, ESPEAK_PATH, MAX_SPOKEN_CHARS } from './espeak';

const hasEspeak = existsSync(ESPEAK_PATH);

describe('spoken guidance (espeak-ng, offline)', () => {
  it.runIf(hasEspeak)('makes a WAV with real sizes in its header, in Spanish and in English', async () => {
    const speaker = createSpeaker();
    for (const locale of ['es-EC', 'en'] as const) {
      const result = await speaker.say({ text: 'Ingrese su número de identificación', locale });
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      const wav = Buffer.from(result.value.wav, 'base64');
      expect(wav.toString('ascii', 0, 4)).toBe('RIFF');
      expect(wav.toString('ascii', 8, 12)).toBe('WAVE');
      expect(wav.readUInt32LE(4)).toBe(wav.length - 8);
      // a sentence of a few words: more than half a second of 16-bit audio at 22 kHz
      expect(wav.length).toBeGreaterThan(22_050);
    }
  });

  it('refuses empty or oversized text before starting any program', async () => {
    const speaker = createSpeaker({ binary: '/nonexistent/espeak' });
    expect(await speaker.say({ text: '   ', locale: 'es-EC' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    expect(await speaker.say({ text: 'a'.repeat(MAX_SPOKEN_CHARS + 1), locale: 'es-EC' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
  });

  it.runIf(hasEspeak)('text that looks like an option is spoken, never obeyed', async () => {
    const result = await createSpeaker().say({ text: '--help -w /tmp/x.wav', locale: 'en' });
    expect(result.ok).toBe(true);
    if (result.ok) expect(Buffer.from(result.value.wav, 'base64').toString('ascii', 0, 4)).toBe('RIFF');
    expect(existsSync('/tmp/x.wav')).toBe(false);
  });

  it.runIf(hasEspeak)('two requests at once: the second is refused, not queued', async () => {
    const speaker = createSpeaker();
    const [first, second] = await Promise.all([
      speaker.say({ text: 'primera frase', locale: 'es-EC' }),
      speaker.say({ text: 'segunda frase', locale: 'es-EC' }),
    ]);
    expect(first.ok).toBe(true);
    expect(second).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
  });

  it('a missing synthesiser is an error the UI can explain, not a crash', async () => {
    expect(await createSpeaker({ binary: '/nonexistent/espeak' }).say({ text: 'hola', locale: 'es-EC' })).toMatchObject(
      {
        ok: false,
        error: { code: 'internal' },
      },
    );
  });
});
