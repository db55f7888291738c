import { afterEach, describe, expect, it } from 'vitest';
import { API, routes } from '../contract';
import { createHarness, type Harness } from './testkit';

let h: Harness | null = null;
afterEach(() => h?.close());

describe('the central serves the contract', () => {
  it('every API route it serves is one of `routes`, with its method, and every one of `routes` is served', async () => {
    h = await createHarness();
    const served = h.app.routes
      .filter((r) => r.path.startsWith(`${API}/`) && r.method !== 'ALL')
      .map((r) => `${r.method} ${r.path}`);
    const declared = Object.values(routes).map((r) => `${r.method} ${r.path}`);
    // a path retyped with a slip would be served where no kiosk calls it, and the contract's one 404
    expect(new Set(served)).toEqual(new Set(declared));
    expect(served).toHaveLength(declared.length);
  });
});
