import { spawn } from 'node:child_process';
import type { Locale } from '../../contract/calls';
import { fail, ok, type Result } from '../../contract/result';

/**
 * Spoken guidance, synthesised on the kiosk with no network: Debian's espeak-ng, run as a
 * separate program (GPL-3.0; the kiosk only runs it and reads its output, it links nothing, so
 * the app's own licence is unaffected). The text goes in on stdin and never on the command line,
 * so no text can become an option; the voice comes from a fixed table, never from the caller.
 */
export const ESPEAK_PATH = '/usr/bin/espeak-ng';
export const MAX_SPOKEN_CHARS = 800;
/** A guard against a wedged synthesiser: a screen's words take well under a second to make. */
const SYNTH_TIMEOUT_MS = 15_000;
/** ~90 s of 22 kHz mono audio: far beyond any screen's words; refuses a runaway output. */
const MAX_WAV_BYTES = 4 * 1024 * 1024;

const voices: Record<Locale, string> = { 'es-EC': 'es-419', en: 'en-us' };
/** words per minute: a little slower than espeak's default (175) for older listeners */
const RATE_WPM = 150;

export type SpeechDeps = { binary?: string };

export type Speaker = {
  /** WAV bytes of `text` in `locale`, base64; one synthesis at a time (the kiosk has one speaker). */
  say(input: { text: string; locale: Locale }): Promise<Result<{ wav: string }>>;
};

/** espeak-ng writes a streaming header (sizes 0x7fffffff): set the real ones so every player agrees. */
export function fixWavSizes(wav: Buffer): Buffer {
  if (wav.length < 44 || wav.toString('ascii', 0, 4) !== 'RIFF' || wav.toString('ascii', 36, 40) !== 'data') return wav;
  wav.writeUInt32LE(wav.length - 8, 4);
  wav.writeUInt32LE(wav.length - 44, 40);
  return wav;
}

export function createSpeaker(deps: SpeechDeps = {}): Speaker {
  const binary = deps.binary ?? ESPEAK_PATH;
  let busy = false;

  const synthesize = (text: string, locale: Locale): Promise<Buffer | null> =>
    new Promise((resolve) => {
      const child = spawn(binary, ['-v', voices[locale], '-s', String(RATE_WPM), '--stdout'], {
        stdio: ['pipe', 'pipe', 'ignore'],
        shell: false,
      });
      const chunks: Buffer[] = [];
      let size = 0;
      let settled = false;
      const finish = (value: Buffer | null) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(value);
      };
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        finish(null);
      }, SYNTH_TIMEOUT_MS);
      child.stdout.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_WAV_BYTES) {
          child.kill('SIGKILL');
          finish(null);
        } else chunks.push(chunk);
      });
      child.on('error', () => finish(null));
      child.on('close', (code) => finish(code === 0 ? fixWavSizes(Buffer.concat(chunks)) : null));
      child.stdin.on('error', () => finish(null));
      child.stdin.end(text);
    });

  return {
    async say({ text, locale }) {
      const clean = text.replace(/\s+/g, ' ').trim();
      if (clean === '' || clean.length > MAX_SPOKEN_CHARS) return fail('invalid_input', { field: 'text' });
      // a second request while one is being made would only pile up processes: ask again later
      if (busy) return fail('rate_limited', { retryAfterSeconds: 1 });
      busy = true;
      try {
        const wav = await synthesize(clean, locale);
        return wav && wav.length > 44 ? ok({ wav: wav.toString('base64') }) : fail('internal');
      } finally {
        busy = false;
      }
    },
  };
}
