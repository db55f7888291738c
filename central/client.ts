import type { z } from 'zod';
import { Catalogs, CentralError, routes, type CentralErrorCode, type RouteName, type Routes } from './contract';
import { signRequest, type KioskIdentity } from './kiosk-auth';

export type CentralFailure =
  // network error or 5xx: worth retrying; `mail` / `sms` when the central is up but its SMTP
  // server or SMS centre is not
  | { kind: 'unavailable'; reason?: 'mail' | 'sms' }
  | { kind: 'timeout' }
  | {
      kind: 'rejected';
      status: number;
      error: z.infer<typeof CentralErrorCode>;
      lockedUntil?: number;
      retryAfterSeconds?: number;
    }; // 4xx: permanent

export type CentralResult<T> = { ok: true; value: T } | { ok: false; failure: CentralFailure };

export type CallOptions = { idempotencyKey?: string; timeoutMs?: number };

export type CatalogsResult = CentralResult<
  { notModified: true } | { notModified: false; catalogs: Catalogs; etag: string | null }
>;

export interface CentralClient {
  readonly baseUrl: string;
  call<R extends Exclude<RouteName, 'catalogs'>>(
    route: R,
    body: z.input<Routes[R]['request']>,
    options?: CallOptions,
  ): Promise<CentralResult<z.infer<Routes[R]['response']>>>;
  catalogs(etag?: string): Promise<CatalogsResult>;
}

export type ClientOptions = {
  baseUrl: string;
  /** every call is signed with this kiosk's key (central/kiosk-auth.ts) */
  identity: KioskIdentity;
  /** the kiosk's clock, for the signature's iat */
  now?: () => number;
  /** identity look-ups are online calls with short timeouts (DESIGN §4) */
  timeoutMs?: number;
  fetch?: typeof globalThis.fetch;
};

/** Typed HTTP client of the central contract; failures are values, never thrown. */
export function createCentralClient(options: ClientOptions): CentralClient {
  const doFetch = options.fetch ?? globalThis.fetch;
  const baseUrl = options.baseUrl.replace(/\/$/, '');
  const defaultTimeout = options.timeoutMs ?? 5000;
  const now = options.now ?? Date.now;
  // the signature binds the path as the central sees it, including a base path of baseUrl
  const pathOf = (path: string) => {
    try {
      return new URL(`${baseUrl}${path}`).pathname;
    } catch {
      return path;
    }
  };

  async function send(path: string, init: RequestInit, timeoutMs: number): Promise<CentralResult<Response>> {
    try {
      const response = await doFetch(`${baseUrl}${path}`, { ...init, signal: AbortSignal.timeout(timeoutMs) });
      return { ok: true, value: response };
    } catch (error) {
      const name = error instanceof Error ? error.name : '';
      return {
        ok: false,
        failure: name === 'TimeoutError' || name === 'AbortError' ? { kind: 'timeout' } : { kind: 'unavailable' },
      };
    }
  }

  async function failureOf(response: Response): Promise<CentralFailure> {
    const body = CentralError.safeParse(await response.json().catch(() => null));
    if (response.status >= 500) {
      const error = body.success ? body.data.error : null;
      if (error === 'mail_unavailable') return { kind: 'unavailable', reason: 'mail' };
      if (error === 'sms_unavailable') return { kind: 'unavailable', reason: 'sms' };
      return { kind: 'unavailable' };
    }
    return body.success
      ? {
          kind: 'rejected',
          status: response.status,
          error: body.data.error,
          ...(body.data.lockedUntil ? { lockedUntil: body.data.lockedUntil } : {}),
          ...(body.data.retryAfterSeconds ? { retryAfterSeconds: body.data.retryAfterSeconds } : {}),
        }
      : { kind: 'rejected', status: response.status, error: 'invalid_request' };
  }

  return {
    baseUrl,
    async call(route, body, callOptions = {}) {
      const spec = routes[route];
      const json = JSON.stringify(body);
      const authorization = await signRequest(
        options.identity,
        { method: spec.method, path: pathOf(spec.path), body: json },
        now(),
      );
      const headers: Record<string, string> = { 'content-type': 'application/json', authorization };
      if (callOptions.idempotencyKey) headers['idempotency-key'] = callOptions.idempotencyKey;
      const sent = await send(
        spec.path,
        { method: spec.method, headers, body: json },
        callOptions.timeoutMs ?? defaultTimeout,
      );
      if (!sent.ok) return sent;
      const response = sent.value;
      if (!response.ok) return { ok: false, failure: await failureOf(response) };
      const parsed = spec.response.safeParse(await response.json().catch(() => null));
      // a central that answers outside its contract is treated like one that is down
      if (!parsed.success) return { ok: false, failure: { kind: 'unavailable' } };
      return { ok: true, value: parsed.data as never };
    },
    async catalogs(etag) {
      const authorization = await signRequest(
        options.identity,
        { method: 'GET', path: pathOf(routes.catalogs.path), body: '' },
        now(),
      );
      const headers: Record<string, string> = { authorization };
      if (etag) headers['if-none-match'] = etag;
      const sent = await send(routes.catalogs.path, { method: 'GET', headers }, defaultTimeout);
      if (!sent.ok) return sent;
      const response = sent.value;
      if (response.status === 304) return { ok: true, value: { notModified: true } };
      if (!response.ok) return { ok: false, failure: await failureOf(response) };
      const parsed = Catalogs.safeParse(await response.json().catch(() => null));
      if (!parsed.success) return { ok: false, failure: { kind: 'unavailable' } };
      return { ok: true, value: { notModified: false, catalogs: parsed.data, etag: response.headers.get('etag') } };
    },
  };
}
