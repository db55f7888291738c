import type { Context } from 'hono';

/**
 * The address the request came from, as the socket says (never X-Forwarded-For: no proxy is
 * trusted, so a caller could name any address there). Requests made without a socket (in-process
 * tests, app.request) are one source, 'local'.
 */
export function sourceOf(c: Context): string {
  const env: unknown = c.env;
  if (typeof env !== 'object' || env === null) return 'local';
  const bindings = 'server' in env && typeof env.server === 'object' && env.server !== null ? env.server : env;
  const incoming = 'incoming' in bindings ? bindings.incoming : undefined;
  if (typeof incoming !== 'object' || incoming === null || !('socket' in incoming)) return 'local';
  const socket = incoming.socket;
  const address =
    typeof socket === 'object' && socket !== null && 'remoteAddress' in socket ? socket.remoteAddress : undefined;
  return typeof address === 'string' && address.length > 0 ? address : 'local';
}
