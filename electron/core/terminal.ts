import type { CallInput, CallName, CallOutput, EventName, EventPayload, FleetCallName } from '../contract/calls';
import { fail, type Result } from '../contract/result';
import { parseCall } from '../contract/wire';

/** The calls the flow core answers: all but the fleet's, which electron/core/fleet answers around it. */
export type CoreCallName = Exclude<CallName, FleetCallName>;

/** One handler per contract call; the input is already validated when it arrives. */
export type CallHandlers = { [C in CoreCallName]: (input: CallInput<C>) => Promise<Result<CallOutput<C>>> };

export type EventSink = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

/**
 * A terminal is one kiosk screen (an Electron window or a web-host socket) with its own
 * session. Whatever arrives is validated against the contract before a handler runs, and a
 * handler that throws becomes `internal`, never a stack across the boundary.
 */
export interface KioskTerminal {
  handle(name: unknown, input: unknown): Promise<Result<unknown>>;
  onEvent(listener: EventSink): () => void;
  /** ends the session in progress and forgets the person */
  close(): Promise<void>;
}

export type TerminalParts = {
  handlers: CallHandlers;
  close: () => Promise<void>;
  onInternalError?: (error: unknown, call: CallName) => void;
  /** a call arrived (`done` false) or was answered (`done` true): the person is there */
  onCall?: (call: CallName, done: boolean) => void;
};

export function createTerminal(make: (emit: EventSink) => TerminalParts): KioskTerminal {
  const listeners = new Set<EventSink>();
  const emit: EventSink = (event, payload) => {
    for (const listener of listeners) listener(event, payload);
  };
  const parts = make(emit);
  return {
    async handle(name, input) {
      const parsed = parseCall(name, input);
      if (!parsed.ok) return parsed;
      const { name: call, input: value } = parsed.value;
      parts.onCall?.(call, false);
      try {
        const handler = parts.handlers[call as CoreCallName] as
          ((i: typeof value) => Promise<Result<unknown>>) | undefined;
        // a fleet call reaching a core with no fleet around it
        if (!handler) return fail('unknown_call');
        return await handler(value);
      } catch (error) {
        parts.onInternalError?.(error, call);
        return fail('internal');
      } finally {
        parts.onCall?.(call, true);
      }
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      listeners.clear();
      await parts.close();
    },
  };
}

/** The core as host and main see it: one terminal per screen. */
export interface KioskCore {
  openTerminal(): KioskTerminal;
  close(): Promise<void>;
}
