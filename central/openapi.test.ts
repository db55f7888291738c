import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildOpenApi, OPENAPI_FILE, renderOpenApi } from './openapi';
import { routes } from './contract';

describe('OpenAPI document of the central', () => {
  it('the checked-in docs/central-openapi.json matches the schemas (else: run npm run openapi)', () => {
    const checkedIn = readFileSync(resolve(import.meta.dirname, '..', OPENAPI_FILE), 'utf8');
    expect(checkedIn, 'docs/central-openapi.json drifted from central/contract.ts: run npm run openapi').toBe(
      renderOpenApi(),
    );
  });

  it('has every route, the kiosk signature and idempotency header, and the activation page (GET shows, POST confirms)', () => {
    type Op = { parameters: { $ref?: string }[]; security?: unknown[]; responses: Record<string, unknown> };
    const doc = buildOpenApi() as { openapi: string; security: unknown[]; paths: Record<string, Record<string, Op>> };
    expect(doc.openapi).toBe('3.1.0');
    for (const route of Object.values(routes))
      expect(doc.paths[route.path]?.[route.method.toLowerCase()]).toBeDefined();
    expect(doc.security).toEqual([{ KioskSignature: [] }]);
    expect(doc.paths['/api/v1/events']?.post?.parameters.map((p) => p.$ref)).toEqual([
      '#/components/parameters/IdempotencyKey',
    ]);
    expect(doc.paths['/api/v1/events']?.post?.responses['401']).toBeDefined();
    // DESIGN §5: the portal login needs no kiosk credentials
    expect(doc.paths['/api/v1/portal/login']?.post?.security).toEqual([]);
    expect(doc.paths['/activar/{token}']?.get).toBeDefined();
    expect(doc.paths['/activar/{token}']?.post).toBeDefined();
  });
});
