import argon2 from 'argon2';
import { describe, expect, it } from 'vitest';
import { ARGON2_PARAMS, hashSecret, verifySecret } from './argon';

describe('argon2id secrets', () => {
  it('hashes to a PHC string with the OWASP parameters, salted afresh each time', async () => {
    const a = await hashSecret('Chimborazo57');
    const b = await hashSecret('Chimborazo57');
    expect(a).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(a).not.toBe(b);
    expect(ARGON2_PARAMS).toMatchObject({ memoryCost: 19456, timeCost: 2, parallelism: 1 });
  });

  it('verifies the right secret and refuses a wrong one', async () => {
    const phc = await hashSecret('quito 1987 ñandú');
    expect(await verifySecret(phc, 'quito 1987 ñandú')).toBe(true);
    expect(await verifySecret(phc, 'quito 1987 nandu')).toBe(false);
    expect(await verifySecret(phc, '')).toBe(false);
  });

  it('verifies a hash in node-argon2 native parameter order too', async () => {
    const native = await argon2.hash('1987', ARGON2_PARAMS);
    expect(native).toMatch(/m=19456,p=1,t=2/);
    expect(await verifySecret(native, '1987')).toBe(true);
  });

  it('returns false for malformed hashes instead of throwing', async () => {
    for (const bad of ['', 'plain', '$argon2id$v=19$m=19456,t=2,p=1$broken', '$2b$10$abcdefghijklmnopqrstuv']) {
      await expect(verifySecret(bad, 'x')).resolves.toBe(false);
    }
  });
});
