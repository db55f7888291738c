import {
  kioskCalls,
  kioskEvents,
  resultSchema,
  type CallName,
  type CallOutput,
  type EventName,
  type EventPayload,
  type Result,
} from '../../../electron/contract';

/**
 * Checks what arrives from the core against the contract, so a screen only ever sees a
 * well-formed view. Anything else becomes `internal`: the person gets a calm message, not a crash.
 */
export function toResult<C extends CallName>(name: C, raw: unknown): Result<CallOutput<C>> {
  const parsed = resultSchema(kioskCalls[name].output).safeParse(raw);
  if (!parsed.success) return { ok: false, error: { code: 'internal' } };
  return parsed.data as Result<CallOutput<C>>;
}

/** The payload of an event when it matches the contract, else null (the event is dropped). */
export function toEventPayload<E extends EventName>(event: E, raw: unknown): { payload: EventPayload<E> } | null {
  const parsed = kioskEvents[event].safeParse(raw);
  return parsed.success ? { payload: parsed.data as EventPayload<E> } : null;
}
