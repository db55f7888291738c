import type { IncomingHttpHeaders } from 'node:http';
import { MAX_MESSAGE_BYTES } from '../contract/calls';

/** The host needs no request body; anything larger than one contract message is refused unread. */
export const MAX_BODY_BYTES = MAX_MESSAGE_BYTES;

/**
 * The Host values this host answers to: the loopback names of its own port. A browser sends the
 * name it resolved, so a rebinding attacker's page (evil.example → 127.0.0.1) arrives with
 * "evil.example:<port>" and is refused, even though its Origin equals its Host.
 */
export function allowedHosts(port: number): ReadonlySet<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
}

/** The WebSocket's Origin must name the same host the request was addressed to. */
export function sameOrigin(headers: IncomingHttpHeaders): boolean {
  const origin = headers.origin;
  const host = headers.host;
  if (!origin || !host) return false;
  try {
    const url = new URL(origin);
    return url.protocol === 'http:' && url.host === host;
  } catch {
    return false;
  }
}

/**
 * A declared length over the cap, or a chunked body (length unknown: the host has no use for
 * one, so it is not read to find out).
 */
export function bodyTooLarge(headers: IncomingHttpHeaders): boolean {
  if (headers['transfer-encoding'] !== undefined) return true;
  const declared = headers['content-length'];
  if (declared === undefined) return false;
  const length = Number(declared);
  return !Number.isSafeInteger(length) || length > MAX_BODY_BYTES;
}

/** 127.0.0.0/8 and ::1, in the forms Node reports a peer's address (IPv4-mapped included). */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  if (address === '::1') return true;
  const v4 = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}
