import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildOpenApi, OPENAPI_FILE, renderOpenApi } from './openapi';
import { routes } from './contract';

describe('OpenAPI document of the central', () => {
  it('the checked-in docs/central-openapi.json matches the schemas (else: run npm run openapi)', () => {
    const checkedIn = readFileSync(resolve(import.meta.dirname, '..', OPENAPI_FILE), 'utf8');
    expect(checkedIn, 'docs/central-openapi.json drifted from central/contract.ts: run npm run openapi').toBe(renderOpenApi());
  });

  it('has every route, the kiosk and idempotency headers, and the activation page', () => {
    const doc = buildOpenApi() as { openapi: string; paths: Record<string, Record<string, { parameters: { $ref?: string }[] }>> };
    expect(doc.openapi).toBe('3.1.0');
    for (const route of Object.values(routes)) expect(doc.paths[route.path]?.[route.method.toLowerCase()]).toBeDefined();
    expect(doc.paths['/api/v1/events']?.post?.parameters.map((p) => p.$ref)).toEqual(['#/components/parameters/KioskId', '#/components/parameters/IdempotencyKey']);
    expect(doc.paths['/activar/{token}']?.get).toBeDefined();
  });
});
