import type { WebSocket } from 'ws';
import { MAX_MESSAGE_BYTES } from '../contract/calls';
import { fail } from '../contract/result';
import { parseRequestFrame, type EventFrame, type ResponseFrame } from '../contract/wire';
import type { KioskTerminal } from '../core/terminal';

/** Requests a socket may make per second before it is refused: a stuck or hostile page must not starve the core. */
export const MAX_REQUESTS_PER_SECOND = 200;

/**
 * One WebSocket = one kiosk screen = one terminal. Every frame is checked against the contract
 * before the core sees it; a bad frame gets `{ ok: false }` and the socket stays open.
 */
export function bridgeSocket(socket: WebSocket, terminal: KioskTerminal): void {
  const send = (frame: ResponseFrame | EventFrame) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
  };
  const unsubscribe = terminal.onEvent((event, payload) => send({ event, payload }));
  let windowStart = Date.now();
  let inWindow = 0;

  socket.on('message', async (data, isBinary) => {
    if (isBinary) return send({ id: -1, result: fail('invalid_input') });
    const raw = data.toString();
    const now = Date.now();
    if (now - windowStart > 1000) {
      windowStart = now;
      inWindow = 0;
    }
    if (++inWindow > MAX_REQUESTS_PER_SECOND)
      return send({ id: idOf(raw), result: fail('rate_limited', { retryAfterSeconds: 1 }) });
    const frame = parseRequestFrame(raw);
    if (!frame.ok) return send({ id: idOf(raw), result: frame });
    const result = await terminal.handle(frame.value.call, frame.value.input);
    send({ id: frame.value.id, result });
  });
  socket.on('close', () => {
    unsubscribe();
    void terminal.close();
  });
}

/** Best-effort request id of a frame that could not be parsed, read from its head only. */
function idOf(raw: string): number {
  const match = /^\s*\{\s*"id"\s*:\s*(\d{1,15})\s*[,}]/.exec(raw.slice(0, 64));
  return match?.[1] ? Number(match[1]) : -1;
}

export const SOCKET_MAX_PAYLOAD = Math.max(MAX_MESSAGE_BYTES, 4 * 1024 * 1024);
