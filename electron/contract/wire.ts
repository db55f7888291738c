import { z } from 'zod';
import {
  kioskCalls,
  kioskEvents,
  isCallName,
  MAX_MESSAGE_BYTES,
  type CallName,
  type CallInput,
  type EventName,
} from './calls';
import { fail, ok, type Result } from './result';

/** A request frame on the WebSocket bridge. */
export const RequestFrame = z
  .object({ id: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER), call: z.string().max(40), input: z.unknown() })
  .strict();
export type RequestFrame = z.infer<typeof RequestFrame>;

export type ResponseFrame = { id: number; result: Result<unknown> };
export type EventFrame = { event: EventName; payload: unknown };

export type ParsedCall = { [C in CallName]: { name: C; input: CallInput<C> } }[CallName];

/**
 * Validates a call before any handler sees it: a known name and an input that matches the
 * contract exactly (extra fields are refused).
 */
export function parseCall(name: unknown, input: unknown): Result<ParsedCall> {
  if (typeof name !== 'string' || !isCallName(name)) return fail('unknown_call');
  const parsed = kioskCalls[name].input.safeParse(input);
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path.join('.').slice(0, 40);
    return fail('invalid_input', field ? { field } : {});
  }
  return ok({ name, input: parsed.data } as ParsedCall);
}

/** Parses a raw text frame from the web host's socket, refusing oversized ones unread. */
export function parseRequestFrame(raw: string): Result<RequestFrame> {
  // length first: a 1 MB string is refused without encoding it
  if (raw.length > MAX_MESSAGE_BYTES || new TextEncoder().encode(raw).length > MAX_MESSAGE_BYTES)
    return fail('payload_too_large');
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return fail('invalid_input');
  }
  const frame = RequestFrame.safeParse(json);
  return frame.success ? ok(frame.data) : fail('invalid_input');
}

export function validateEvent(event: EventName, payload: unknown): boolean {
  return kioskEvents[event].safeParse(payload).success;
}
