import type { WebSocket } from 'ws';
import { MAX_MESSAGE_BYTES } from '../contract/calls';
import { fail } from '../contract/result';
import { parseCall, parseRequestFrame, type EventFrame, type ResponseFrame } from '../contract/wire';
import type { KioskTerminal } from '../core/terminal';
import { createSocketBudget, type SocketBudgets } from './budgets';

/** Requests a socket may make per second before it is refused: a stuck or hostile page must not starve the core. */
export const MAX_REQUESTS_PER_SECOND = 200;

/**
 * One WebSocket = one kiosk screen = one terminal. Every frame is checked against the contract
 * before the core sees it; a bad frame gets `{ ok: false }` and the socket stays open. Besides
 * the flood brake, the calls that spend something kiosk-wide (look-ups, help requests) have a
 * budget of their own per socket.
 */
export function bridgeSocket(socket: WebSocket, terminal: KioskTerminal, budgets: SocketBudgets): void {
  const send = (frame: ResponseFrame | EventFrame) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
  };
  const unsubscribe = terminal.onEvent((event, payload) => send({ event, payload }));
  const spend = createSocketBudget(budgets);
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
    // a call the contract refuses never reaches the core, so it spends no budget either
    const call = parseCall(frame.value.call, frame.value.input);
    if (!call.ok) return send({ id: frame.value.id, result: call });
    const budget = spend(call.value.name, call.value.input);
    if (!budget.ok)
      return send({
        id: frame.value.id,
        result: fail('rate_limited', { retryAfterSeconds: budget.retryAfterSeconds }),
      });
    const result = await terminal.handle(frame.value.call, frame.value.input);
    send({ id: frame.value.id, result });
  });
  // an oversized or malformed frame: ws closes the socket itself (1009, 1002) and reports it here;
  // unheard, the error would end the host process
  socket.on('error', () => socket.terminate());
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

/**
 * The largest frame the socket reads, the contract's own message limit: ws closes the socket
 * (1009) on anything larger before buffering it, so a 4 MiB frame costs nothing.
 */
export const SOCKET_MAX_PAYLOAD = MAX_MESSAGE_BYTES;
