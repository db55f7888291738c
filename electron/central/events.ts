import { z } from 'zod';
import { FlowKind } from '../contract/flow';
import { API, CentralErrorCode, CredentialsRequest } from './contract';

/**
 * Batched events from a kiosk's outbox (DESIGN §4). Each event carries its own idempotency key;
 * the central applies each key at most once, in the same transaction as its effect, and answers
 * per event: applied, duplicate (already applied: the kiosk marks it delivered) or rejected
 * (permanent: the kiosk dead-letters it).
 */
export const SessionEventName = z.enum(['started', 'identified', 'verified', 'locked', 'activated', 'finished', 'cancelled', 'timeout', 'help']);

export const SessionEventPayload = z
  .object({ event: SessionEventName, flow: FlowKind.nullable(), step: z.string().max(30).nullable(), at: z.number().int() })
  .strict();
export type SessionEventPayload = z.infer<typeof SessionEventPayload>;

export const EventEnvelope = z.discriminatedUnion('kind', [
  z
    .object({
      key: z.string().min(10).max(64),
      aggregateId: z.string().min(1).max(64),
      sequence: z.number().int().min(1),
      kind: z.literal('credentials.set'),
      payload: CredentialsRequest,
    })
    .strict(),
  z
    .object({
      key: z.string().min(10).max(64),
      aggregateId: z.string().min(1).max(64),
      sequence: z.number().int().min(1),
      kind: z.literal('session.event'),
      payload: SessionEventPayload,
    })
    .strict(),
]);
export type EventEnvelope = z.infer<typeof EventEnvelope>;
export type OutboxKind = EventEnvelope['kind'];

/** Envelopes are checked one by one on the central, so one malformed event is rejected alone. */
export const EventsRequest = z.object({ events: z.array(z.unknown()).min(1).max(100) }).strict();
export const EventOutcome = z
  .object({ key: z.string(), outcome: z.enum(['applied', 'duplicate', 'rejected']), error: CentralErrorCode.optional() })
  .strict();
export const EventsResponse = z.object({ results: z.array(EventOutcome) }).strict();
export type EventsResponse = z.infer<typeof EventsResponse>;

export const EVENTS_PATH = `${API}/events`;
