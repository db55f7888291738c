/**
 * The batched-events contract of the kiosk outbox (DESIGN §4). The schemas live in contract.ts
 * next to `routes` (which names them) so the two modules do not import each other.
 */
export {
  EVENTS_PATH,
  EventEnvelope,
  EventOutcome,
  EventsRequest,
  EventsResponse,
  SessionEventName,
  SessionEventPayload,
  type OutboxKind,
} from './contract';
