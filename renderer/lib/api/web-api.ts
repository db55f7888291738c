import { WS_PATH, type CallName, type EventName, type KioskApi, type Result } from '../../../electron/contract';
import { toEventPayload, toResult } from './validate';

/** A call that gets no answer in this time fails with `internal`; the screen stays usable. */
export const CALL_TIMEOUT_MS = 15_000;
const BACKOFF_MS = [250, 500, 1000, 2000, 4000];

type Pending = { name: CallName; frame: string; sent: boolean; settle: (result: Result<unknown>) => void };

export type ConnectionListener = (connected: boolean, reconnected: boolean) => void;

export interface WebApi extends KioskApi {
  /** connection changes; `reconnected` is true when a socket came back after a loss */
  onConnection(listener: ConnectionListener): () => void;
}

/** Minimal socket surface, so tests can drive the adapter without a browser. */
export interface SocketLike {
  readyState: number;
  send(data: string): void;
  close(): void;
  onopen: (() => void) | null;
  onclose: (() => void) | null;
  onmessage: ((message: { data: unknown }) => void) | null;
}

export type WebApiOptions = {
  url?: string;
  open?: (url: string) => SocketLike;
  timeoutMs?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
};

export function webSocketUrl(location: { protocol: string; host: string }): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${WS_PATH}`;
}

/**
 * The API over the web host's WebSocket: `{id, call, input}` out, `{id, result}` and
 * `{event, payload}` in. The socket reconnects with backoff; calls made meanwhile wait for it
 * and fail with `internal` after CALL_TIMEOUT_MS.
 */
export function createWebApi(options: WebApiOptions = {}): WebApi {
  const url = options.url ?? webSocketUrl(window.location);
  const open = options.open ?? ((u: string) => new WebSocket(u) as unknown as SocketLike);
  const timeoutMs = options.timeoutMs ?? CALL_TIMEOUT_MS;
  const setTimer = options.setTimer ?? ((fn: () => void, ms: number) => setTimeout(fn, ms));
  const clearTimer = options.clearTimer ?? ((h: unknown) => clearTimeout(h as ReturnType<typeof setTimeout>));

  const pending = new Map<number, Pending>();
  const eventListeners = new Map<EventName, Set<(raw: unknown) => void>>();
  const connectionListeners = new Set<ConnectionListener>();
  let nextId = 1;
  let socket: SocketLike | null = null;
  let connected = false;
  let everConnected = false;
  let failures = 0;

  const flush = () => {
    for (const p of pending.values()) {
      if (!p.sent && socket && connected) {
        socket.send(p.frame);
        p.sent = true;
      }
    }
  };

  const onMessage = (data: unknown) => {
    if (typeof data !== 'string') return;
    let frame: unknown;
    try {
      frame = JSON.parse(data);
    } catch {
      return;
    }
    if (typeof frame !== 'object' || frame === null) return;
    const record = frame as Record<string, unknown>;
    if (typeof record.id === 'number') {
      const p = pending.get(record.id);
      if (p) p.settle(toResult(p.name, record.result));
    } else if (typeof record.event === 'string') {
      const listeners = eventListeners.get(record.event as EventName);
      for (const listener of listeners ?? []) listener(record.payload);
    }
  };

  const connect = () => {
    const s = open(url);
    socket = s;
    s.onopen = () => {
      const reconnected = everConnected;
      connected = true;
      everConnected = true;
      failures = 0;
      for (const l of connectionListeners) l(true, reconnected);
      flush();
    };
    s.onmessage = (message) => onMessage(message.data);
    s.onclose = () => {
      const wasConnected = connected;
      connected = false;
      socket = null;
      // calls already sent died with their socket (and its session): fail them now
      for (const p of [...pending.values()]) if (p.sent) p.settle({ ok: false, error: { code: 'internal' } });
      if (wasConnected) for (const l of connectionListeners) l(false, false);
      const delay = BACKOFF_MS[Math.min(failures, BACKOFF_MS.length - 1)] ?? 4000;
      failures += 1;
      setTimer(connect, delay);
    };
  };
  connect();

  return {
    call(name, input) {
      const id = nextId++;
      return new Promise((resolve) => {
        const timer = setTimer(() => entry.settle({ ok: false, error: { code: 'internal' } }), timeoutMs);
        const entry: Pending = {
          name,
          frame: JSON.stringify({ id, call: name, input }),
          sent: false,
          settle: (result) => {
            if (!pending.delete(id)) return;
            clearTimer(timer);
            resolve(result as never);
          },
        };
        pending.set(id, entry);
        flush();
      });
    },
    on(event, listener) {
      const wrapped = (raw: unknown) => {
        const valid = toEventPayload(event, raw);
        if (valid) listener(valid.payload);
      };
      const set = eventListeners.get(event) ?? new Set();
      set.add(wrapped);
      eventListeners.set(event, set);
      return () => set.delete(wrapped);
    },
    onConnection(listener) {
      connectionListeners.add(listener);
      if (connected) listener(true, false);
      return () => connectionListeners.delete(listener);
    },
  };
}
