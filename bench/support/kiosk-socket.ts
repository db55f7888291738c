import WebSocket from 'ws';
import type { CallName, EventName } from '../../electron/contract/calls';
import type { Result } from '../../electron/contract/result';

export type KioskSocket = {
  /** one call through the host's WebSocket, as the renderer makes it; resolves with its result */
  call<T = unknown>(name: CallName, input: unknown): Promise<Result<T>>;
  /** the next event of that name pushed by the core */
  next<T = unknown>(event: EventName): Promise<T>;
  close(): Promise<void>;
};

/** Opens the kiosk contract's socket (`/kiosk`) of a web host, same-origin as the page would. */
export async function openKioskSocket(hostUrl: string): Promise<KioskSocket> {
  const url = new URL('/kiosk', hostUrl);
  url.protocol = 'ws:';
  const socket = new WebSocket(url, { headers: { origin: hostUrl } });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  let nextId = 1;
  const pending = new Map<number, (result: Result<unknown>) => void>();
  const listeners = new Map<string, Array<(payload: unknown) => void>>();
  socket.on('message', (data) => {
    const frame = JSON.parse(data.toString()) as {
      id?: number;
      result?: Result<unknown>;
      event?: string;
      payload?: unknown;
    };
    if (frame.event !== undefined) {
      const waiting = listeners.get(frame.event) ?? [];
      listeners.set(frame.event, []);
      for (const wake of waiting) wake(frame.payload);
    } else if (frame.id !== undefined && frame.result) {
      pending.get(frame.id)?.(frame.result);
      pending.delete(frame.id);
    }
  });
  return {
    call<T>(name: CallName, input: unknown) {
      const id = nextId++;
      return new Promise<Result<T>>((resolve) => {
        pending.set(id, resolve as (result: Result<unknown>) => void);
        socket.send(JSON.stringify({ id, call: name, input }));
      });
    },
    next<T>(event: EventName) {
      return new Promise<T>((resolve) =>
        listeners.set(event, [...(listeners.get(event) ?? []), resolve as (payload: unknown) => void]),
      );
    },
    close() {
      return new Promise<void>((resolve) => {
        if (socket.readyState === socket.CLOSED) return resolve();
        socket.once('close', () => resolve());
        socket.close();
      });
    },
  };
}
