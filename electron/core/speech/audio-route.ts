import type { AudioRoute } from '../../contract/calls';
import { createShellRunner } from './shell-runner';

/**
 * Where the kiosk's sound goes: the room's speaker or headphones a person plugged in. Spoken
 * guidance may say a personal value (the name on the identity confirm, the masked email) only
 * through headphones; anything unknown counts as the speaker, so a doubt never reads a name to
 * the queue.
 */
export type AudioRouteSetting = 'auto' | AudioRoute;

/** Headphones and headsets by port name; Bluetooth sinks are a person's own device. */
const PERSONAL_PORT = /head(phone|set)/i;

/** `pactl info`: the name after "Default Sink:", or null when there is none. */
export function parsePactlDefaultSink(info: string): string | null {
  const line = info.split('\n').find((l) => l.trim().startsWith('Default Sink:'));
  const name = line?.slice(line.indexOf(':') + 1).trim();
  return name ? name : null;
}

/**
 * `pactl list sinks` (PulseAudio and PipeWire's pipewire-pulse print the same): the route of the
 * sink named `sinkName`, from its "Active Port:" line; null when that sink is not listed.
 */
export function parsePactlSinks(list: string, sinkName: string): AudioRoute | null {
  const blocks = list.split(/^Sink #/m).slice(1);
  for (const block of blocks) {
    const name = /^\s*Name:\s*(\S+)/m.exec(block)?.[1];
    if (name !== sinkName) continue;
    if (name.startsWith('bluez_')) return 'headphones';
    const port = /^\s*Active Port:\s*(\S+)/m.exec(block)?.[1];
    if (!port || !PERSONAL_PORT.test(port)) return 'speaker';
    // the port's own line in "Ports:" says whether a plug sits in the jack
    const portLine = block.split('\n').find((l) => l.trim().startsWith(`${port}:`)) ?? '';
    return /not available/.test(portLine) ? 'speaker' : 'headphones';
  }
  return null;
}

/**
 * `amixer -c 0 contents` on a machine without a sound server: a headphone (or headset) jack
 * control whose value is "on" means a plug is in. Null when the card reports no such jack.
 */
export function parseAlsaJacks(contents: string): AudioRoute | null {
  const controls = contents.split(/^(?=numid=)/m);
  let sawJack = false;
  for (const control of controls) {
    const name = /name='([^']*)'/.exec(control)?.[1] ?? '';
    if (!/jack/i.test(name) || !PERSONAL_PORT.test(name)) continue;
    sawJack = true;
    if (/^\s*: values=on\b/m.test(control)) return 'headphones';
  }
  return sawJack ? 'speaker' : null;
}

/** Runs a fixed program with fixed arguments; null when it is missing or fails. */
export type RunProgram = (file: string, args: readonly string[]) => Promise<string | null>;

/** One look at the route: the sound server first, the card's jack next, else the speaker. */
export async function detectAudioRoute(run: RunProgram): Promise<AudioRoute> {
  const info = await run('pactl', ['info']);
  const sink = info === null ? null : parsePactlDefaultSink(info);
  if (sink !== null) {
    const list = await run('pactl', ['list', 'sinks']);
    const route = list === null ? null : parsePactlSinks(list, sink);
    if (route !== null) return route;
  }
  const contents = await run('amixer', ['-c', '0', 'contents']);
  return (contents === null ? null : parseAlsaJacks(contents)) ?? 'speaker';
}

export type AudioRouteSource = {
  current(): AudioRoute;
  /** Called on each change of route; returns the unsubscribe. */
  subscribe(listener: (route: AudioRoute) => void): () => void;
  close(): void;
};

/** A route that never changes: `KIOSK_AUDIO_ROUTE=speaker|headphones`, and the core's default. */
export function fixedAudioRoute(route: AudioRoute): AudioRouteSource {
  return { current: () => route, subscribe: () => () => undefined, close: () => undefined };
}

/** How often the route is looked at: a plug is noticed within about a second and a half. */
export const AUDIO_ROUTE_POLL_MS = 1_500;

/**
 * `auto`: looks at the route every `pollMs` and tells listeners when it changes. It starts as
 * the speaker until the first look answers.
 */
export function watchAudioRoute(options: {
  setting: AudioRouteSetting;
  run?: RunProgram;
  pollMs?: number;
}): AudioRouteSource {
  if (options.setting !== 'auto') return fixedAudioRoute(options.setting);
  // one long-lived shell runs the looks: forking the kiosk itself every 1.5 s stalled every step
  const shell = options.run ? null : createShellRunner();
  const run: RunProgram = options.run ?? shell ?? (() => Promise.resolve(null));
  const listeners = new Set<(route: AudioRoute) => void>();
  let route: AudioRoute = 'speaker';
  let closed = false;
  let looking = false;
  const look = async () => {
    if (looking || closed) return;
    looking = true;
    try {
      const next = await detectAudioRoute(run);
      if (closed || next === route) return;
      route = next;
      for (const listener of listeners) listener(route);
    } finally {
      looking = false;
    }
  };
  void look();
  const timer = setInterval(() => void look(), options.pollMs ?? AUDIO_ROUTE_POLL_MS);
  timer.unref();
  return {
    current: () => route,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      closed = true;
      clearInterval(timer);
      listeners.clear();
      shell?.close();
    },
  };
}
