import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import {
  detectAudioRoute,
  parseAlsaJacks,
  parsePactlDefaultSink,
  parsePactlSinks,
  watchAudioRoute,
  type RunProgram,
} from './audio-route';

/** Outputs recorded from `pactl` (PipeWire's pipewire-pulse) and `amixer` on an HDA card. */
const recorded = (name: string) => readFileSync(resolve(import.meta.dirname, 'fixtures', name), 'utf8');
const analog = 'alsa_output.pci-0000_00_1f.3.analog-stereo';

describe('the audio route, from what the sound system says', () => {
  it('reads the default sink from pactl info', () => {
    expect(parsePactlDefaultSink(recorded('pactl-info.txt'))).toBe(analog);
    expect(parsePactlDefaultSink('Server Name: pulseaudio\n')).toBeNull();
  });

  it('headphones only when the default sink plays on a plugged headphone port', () => {
    expect(parsePactlSinks(recorded('pactl-sinks-speaker.txt'), analog)).toBe('speaker');
    expect(parsePactlSinks(recorded('pactl-sinks-headphones.txt'), analog)).toBe('headphones');
    // a port chosen by hand with nothing in the jack still plays on... nothing personal
    expect(parsePactlSinks(recorded('pactl-sinks-headphones-unplugged.txt'), analog)).toBe('speaker');
    // the HDMI sink of the same card is not the one playing
    expect(parsePactlSinks(recorded('pactl-sinks-headphones.txt'), 'alsa_output.pci-0000_00_1f.3.hdmi-stereo')).toBe(
      'speaker',
    );
    expect(parsePactlSinks(recorded('pactl-sinks-speaker.txt'), 'no.such.sink')).toBeNull();
  });

  it('a Bluetooth sink is a person’s own headphones', () => {
    const list = recorded('pactl-sinks-bluetooth.txt');
    expect(parsePactlSinks(list, 'bluez_output.00_1B_66_AA_BB_CC.1')).toBe('headphones');
  });

  it('ALSA: the headphone jack control, not the playback switch of the same name', () => {
    expect(parseAlsaJacks(recorded('amixer-plugged.txt'))).toBe('headphones');
    expect(parseAlsaJacks(recorded('amixer-unplugged.txt'))).toBe('speaker');
    expect(parseAlsaJacks(recorded('amixer-nojack.txt'))).toBeNull();
  });

  it('asks the sound server first, the card next, and says speaker when neither answers', async () => {
    const calls: string[] = [];
    const answers =
      (outputs: Record<string, string | null>): RunProgram =>
      async (file, args) => {
        const key = `${file} ${args.join(' ')}`;
        calls.push(key);
        return outputs[key] ?? null;
      };
    expect(
      await detectAudioRoute(
        answers({
          'pactl info': recorded('pactl-info.txt'),
          'pactl list sinks': recorded('pactl-sinks-headphones.txt'),
        }),
      ),
    ).toBe('headphones');
    calls.length = 0;
    expect(await detectAudioRoute(answers({ 'amixer -c 0 contents': recorded('amixer-plugged.txt') }))).toBe(
      'headphones',
    );
    expect(calls).toEqual(['pactl info', 'amixer -c 0 contents']);
    expect(await detectAudioRoute(answers({}))).toBe('speaker');
  });
});

describe('watching the route', () => {
  it('a fixed setting never looks at the sound system', () => {
    const run = vi.fn<RunProgram>(async () => null);
    expect(watchAudioRoute({ setting: 'headphones', run }).current()).toBe('headphones');
    expect(watchAudioRoute({ setting: 'speaker', run }).current()).toBe('speaker');
    expect(run).not.toHaveBeenCalled();
  });

  it('auto: starts as the speaker and tells listeners when headphones are plugged and unplugged', async () => {
    vi.useFakeTimers();
    try {
      let sinks = recorded('pactl-sinks-speaker.txt');
      const run: RunProgram = async (file, args) =>
        file === 'pactl' ? (args[0] === 'info' ? recorded('pactl-info.txt') : sinks) : null;
      const source = watchAudioRoute({ setting: 'auto', run, pollMs: 1000 });
      const heard: string[] = [];
      source.subscribe((route) => heard.push(route));
      expect(source.current()).toBe('speaker');
      sinks = recorded('pactl-sinks-headphones.txt');
      await vi.advanceTimersByTimeAsync(1000);
      expect(source.current()).toBe('headphones');
      await vi.advanceTimersByTimeAsync(1000);
      sinks = recorded('pactl-sinks-speaker.txt');
      await vi.advanceTimersByTimeAsync(1000);
      expect(heard).toEqual(['headphones', 'speaker']);
      source.close();
      sinks = recorded('pactl-sinks-headphones.txt');
      await vi.advanceTimersByTimeAsync(3000);
      expect(heard).toEqual(['headphones', 'speaker']);
    } finally {
      vi.useRealTimers();
    }
  });
});
