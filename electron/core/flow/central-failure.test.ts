import { describe, expect, it } from 'vitest';
import { centralFailure } from './context';

describe('centralFailure', () => {
  it("a 401 'unauthorized' (unenrolled or revoked kiosk) reaches the person as central_unavailable, never internal", () => {
    const result = centralFailure({ kind: 'rejected', status: 401, error: 'unauthorized' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('central_unavailable');
  });

  it("the central's policy refusal names the personal-data rule, the one the kiosk cannot check (the birth date)", () => {
    const result = centralFailure({ kind: 'rejected', status: 422, error: 'password_policy' });
    expect(!result.ok && result.error).toEqual({ code: 'password_policy', rules: ['personal'] });
  });

  it('a code the kiosk has no word for is still internal', () => {
    const result = centralFailure({ kind: 'rejected', status: 400, error: 'invalid_request' });
    expect(!result.ok && result.error.code).toBe('internal');
  });
});
