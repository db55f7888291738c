import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { EVENTS_PATH } from '../contract';
import { fail } from './http';

/** Every request body the central reads: a kiosk call is a few hundred bytes, a page POST none. */
export const MAX_BODY_BYTES = 16 * 1024;
/**
 * An outbox batch (up to 100 events; a sealed credentials payload is at most 8000 characters)
 * can be larger than one call; refusing a legitimate batch would dead-letter claves, so it gets
 * its own, still bounded, limit.
 */
export const MAX_EVENTS_BODY_BYTES = 1024 * 1024 - 1;

/**
 * 413 before anything parses the body: on the declared Content-Length, and while reading a body
 * sent without one (chunked), so a huge body is neither buffered nor parsed.
 */
export function bodyLimits(): MiddlewareHandler {
  const onError: Parameters<typeof bodyLimit>[0]['onError'] = (c) => fail(c, 413, 'too_large');
  const general = bodyLimit({ maxSize: MAX_BODY_BYTES, onError });
  const events = bodyLimit({ maxSize: MAX_EVENTS_BODY_BYTES, onError });
  return (c, next) => (c.req.path === EVENTS_PATH ? events(c, next) : general(c, next));
}
