import { describe, expect, it } from 'vitest';
import { readCentralConfig } from '../config';

describe('readCentralConfig', () => {
  it('defaults: port 4010, 180 s links, in memory', () => {
    expect(readCentralConfig({})).toEqual({
      ok: true,
      config: { port: 4010, publicUrl: undefined, seedFile: undefined, activationTtlSeconds: 180, codeTtlSeconds: 600, dataDir: undefined },
    });
  });

  it('reads the documented variables and treats empty as unset', () => {
    const read = readCentralConfig({ CENTRAL_PORT: '0', CENTRAL_PUBLIC_URL: 'https://iess.example', CENTRAL_SEED_FILE: '', ACTIVATION_TTL_SECONDS: '30', CENTRAL_DATA_DIR: '/tmp/c' });
    expect(read).toEqual({ ok: true, config: { port: 0, publicUrl: 'https://iess.example', seedFile: undefined, activationTtlSeconds: 30, codeTtlSeconds: 600, dataDir: '/tmp/c' } });
  });

  it('rejects a bad port or URL with reasons', () => {
    const read = readCentralConfig({ CENTRAL_PORT: '99999', CENTRAL_PUBLIC_URL: 'not a url' });
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.problems.join()).toMatch(/CENTRAL_PORT.*CENTRAL_PUBLIC_URL|CENTRAL_PUBLIC_URL.*CENTRAL_PORT/);
  });
});
