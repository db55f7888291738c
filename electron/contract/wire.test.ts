import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { callNames } from './calls';
import { parseCall, parseRequestFrame } from './wire';

describe('contract validation', () => {
  it('accepts valid calls and refuses unknown ones', () => {
    expect(parseCall('session.start', { kind: 'recover' })).toEqual({
      ok: true,
      value: { name: 'session.start', input: { kind: 'recover' } },
    });
    expect(parseCall('session.advance', { step: 'declaration', accepted: true }).ok).toBe(true);
    expect(parseCall('__proto__', {})).toEqual({ ok: false, error: { code: 'unknown_call' } });
    expect(parseCall('constructor', {})).toEqual({ ok: false, error: { code: 'unknown_call' } });
  });

  it('refuses extra fields and wrong types, naming the field', () => {
    expect(parseCall('session.start', { kind: 'recover', admin: true })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    expect(
      parseCall('session.advance', {
        step: 'identify',
        idType: 'cedula',
        id: 1710034065,
        presence: { trusted: true, via: 'pointer', elapsedMs: 900 },
      }),
    ).toEqual({
      ok: false,
      error: { code: 'invalid_input', field: 'id' },
    });
  });

  it('refuses oversized frames before parsing them', () => {
    expect(parseRequestFrame(JSON.stringify({ id: 1, call: 'app.info', input: { s: 'x'.repeat(1_000_000) } }))).toEqual(
      { ok: false, error: { code: 'payload_too_large' } },
    );
  });

  it('never throws, whatever arrives', () => {
    fc.assert(
      fc.property(fc.constantFrom(...callNames, 'x'), fc.jsonValue(), (name, input) => {
        const result = parseCall(name, input);
        return typeof result.ok === 'boolean';
      }),
    );
    fc.assert(fc.property(fc.string(), (raw) => parseRequestFrame(raw).ok === false || raw.trim().startsWith('{')));
  });
});
