import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';
import { CentralError, routes, type RouteName } from '../contract';

type ErrorCode = CentralError['error'];

/** Errors always have the CentralError shape, so the kiosk client can read every refusal. */
export function fail(c: Context, status: ContentfulStatusCode, error: ErrorCode, lockedUntil?: number): Response {
  const body: CentralError = lockedUntil === undefined ? { error } : { error, lockedUntil };
  return c.json(CentralError.parse(body), status);
}

/**
 * Answers only what the route's response schema allows: a reply outside the contract is a bug
 * here and becomes a 500 rather than something the kiosk has to guess about.
 */
export function reply<R extends RouteName>(
  c: Context,
  route: R,
  body: z.infer<(typeof routes)[R]['response']>,
): Response {
  const checked = routes[route].response.safeParse(body);
  if (!checked.success) return fail(c, 500, 'internal');
  return c.json(checked.data as object, 200);
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; response: Response };

/** Body validated against the route's request schema; malformed JSON or shape → 400. */
export async function parseBody<R extends RouteName>(
  c: Context,
  route: R,
): Promise<Parsed<z.infer<(typeof routes)[R]['request']>>> {
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    return { ok: false, response: fail(c, 400, 'invalid_request') };
  }
  const parsed = routes[route].request.safeParse(raw);
  if (!parsed.success) return { ok: false, response: fail(c, 400, 'invalid_request') };
  return { ok: true, value: parsed.data as z.infer<(typeof routes)[R]['request']> };
}

export const KIOSK_ID = /^[A-Za-z0-9-]{1,40}$/;
