import { z } from 'zod';
import { CentralError, routes } from './contract';

/**
 * The OpenAPI 3.1 document of the central contract, built from the zod schemas of `routes`, so
 * the document cannot say something the code does not. docs/central-openapi.json is this, written
 * by `npm run openapi`; a test fails when the checked-in file drifts.
 */
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Objects with sorted keys, so the file only changes when the contract does. */
function sorted(value: unknown): Json {
  if (Array.isArray(value)) return value.map(sorted);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sorted((value as Record<string, unknown>)[k])]),
    );
  }
  return value as Json;
}

const schemaOf = (schema: z.ZodType, io: 'input' | 'output'): Json => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return sorted(rest);
};

const json = (schema: Json) => ({ 'application/json': { schema } });
const errorResponse = (description: string) => ({
  description,
  content: json({ $ref: '#/components/schemas/CentralError' }),
});

/** Writes carry an Idempotency-Key; the central applies each key at most once (DESIGN §4). */
const WRITES = new Set(['credentials', 'events']);

export function buildOpenApi(version = '1.0.0'): Json {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [name, route] of Object.entries(routes)) {
    // the portal stands for the public portal and enrollment proves its own key: no kiosk signature
    const open = name === 'portalLogin' || name === 'enroll';
    const parameters: unknown[] = [];
    if (WRITES.has(name)) parameters.push({ $ref: '#/components/parameters/IdempotencyKey' });
    if (name === 'catalogs')
      parameters.push({ name: 'If-None-Match', in: 'header', required: false, schema: { type: 'string' } });
    const responses: Record<string, unknown> = {
      '200': { description: 'OK', content: json(schemaOf(route.response, 'output')) },
      '400': errorResponse('invalid_request'),
      ...(open
        ? {}
        : { '401': errorResponse('unauthorized: no valid signature of an enrolled, unrevoked kiosk, or a replay') }),
      '4XX': errorResponse('a refusal; `error` says which (permanent: do not retry as is)'),
      '5XX': errorResponse('the central failed: retry later with the same Idempotency-Key'),
    };
    if (route.method === 'POST')
      responses['413'] = errorResponse('too_large: the body is over the limit (16 KB; events 1 MiB)');
    if (name === 'catalogs') responses['304'] = { description: 'Not modified (ETag matched)' };
    if (['portalLogin', 'challenge', 'verify', 'imageCheck'].includes(name))
      responses['429'] = errorResponse(
        'rate_limited: throttled (Retry-After on the portal), or a check of this person is in flight',
      );
    if (name === 'live') {
      // Server-Sent Events: `data` of each event is a LiveEvent; `: keep-alive` comments every 15 s
      responses['200'] = {
        description:
          'text/event-stream: event `snapshot` at connect (or only the missed `tile` events after Last-Event-ID), then `tile` per change; each event has an id; a `: keep-alive` comment every 15 s',
        content: { 'text/event-stream': { schema: schemaOf(route.response, 'output') } },
      };
      parameters.push(
        { name: 'X-Staff-Session', in: 'header', required: true, schema: { type: 'string' } },
        { name: 'Last-Event-ID', in: 'header', required: false, schema: { type: 'string' } },
      );
    }
    if (name === 'portalLogin')
      responses['401'] = { description: 'wrong clave', content: json(schemaOf(route.response, 'output')) };
    paths[route.path] = {
      [route.method.toLowerCase()]: {
        operationId: name,
        ...(open && name === 'portalLogin' ? { security: [] } : {}),
        parameters,
        ...(route.method === 'POST'
          ? { requestBody: { required: true, content: json(schemaOf(route.request, 'input')) } }
          : {}),
        responses,
      },
    };
  }
  paths['/activar/{token}'] = {
    get: {
      operationId: 'activationPage',
      summary:
        'The page behind the link in the ACTIVACIÓN CLAVE email: shows the CLIC PARA CONTINUAR button; GET and HEAD confirm nothing',
      security: [],
      parameters: [{ name: 'token', in: 'path', required: true, schema: { type: 'string' } }],
      responses: {
        '200': { description: 'the button (still pending)', content: { 'text/html': { schema: { type: 'string' } } } },
        '404': { description: 'unknown link', content: { 'text/html': { schema: { type: 'string' } } } },
        '409': { description: 'already used', content: { 'text/html': { schema: { type: 'string' } } } },
        '410': { description: 'expired or replaced', content: { 'text/html': { schema: { type: 'string' } } } },
      },
    },
    post: {
      operationId: 'activationConfirm',
      summary: "The button's POST: confirms the address (once)",
      security: [],
      parameters: [{ name: 'token', in: 'path', required: true, schema: { type: 'string' } }],
      responses: {
        '200': { description: 'confirmed', content: { 'text/html': { schema: { type: 'string' } } } },
        '404': { description: 'unknown link', content: { 'text/html': { schema: { type: 'string' } } } },
        '409': { description: 'already used', content: { 'text/html': { schema: { type: 'string' } } } },
        '410': { description: 'expired', content: { 'text/html': { schema: { type: 'string' } } } },
      },
    },
  };
  return sorted({
    openapi: '3.1.0',
    info: {
      title: 'IESS clave kiosk — central service',
      version,
      description: 'Generated from central/contract.ts by `npm run openapi`; do not edit.',
    },
    paths,
    security: [{ KioskSignature: [] }],
    components: {
      schemas: { CentralError: schemaOf(CentralError, 'output') },
      securitySchemes: {
        KioskSignature: {
          type: 'apiKey',
          in: 'header',
          name: 'Authorization',
          description:
            "`Kiosk <jws>`: an EdDSA JWS (typ kiosk+jwt, kid = kiosk id) signed with the kiosk's enrolled Ed25519 key; claims htm (method), htu (path), bsh (base64url sha-256 of the body), iat, exp ≤ iat+60, jti (single use). See central/kiosk-auth.ts and docs/security.md.",
        },
      },
      parameters: {
        IdempotencyKey: {
          name: 'Idempotency-Key',
          in: 'header',
          required: false,
          schema: { type: 'string', minLength: 1, maxLength: 200 },
        },
      },
    },
  });
}

export const OPENAPI_FILE = 'docs/central-openapi.json';

export function renderOpenApi(): string {
  return `${JSON.stringify(buildOpenApi(), null, 2)}\n`;
}
