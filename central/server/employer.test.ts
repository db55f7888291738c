import argon2 from 'argon2';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Catalogs, EmployerCodeStartResponse, EmployerLookupResponse } from '../contract';
import { SECURITY_IMAGES } from './catalog';
import { codeIn, createHarness, FAST_HASH, type Harness } from './testkit';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(() => h.close());

const ANDINA = { ruc: '1790011674001', branch: '001', legalRepId: '1710034065' };

async function lookup(body: unknown) {
  const res = await h.call('/api/v1/employer/lookup', body);
  expect(res.status).toBe(200);
  return EmployerLookupResponse.parse(await res.json());
}

async function grant(): Promise<string> {
  const r = await lookup(ANDINA);
  if (!r.ok) throw new Error('lookup failed');
  return r.grant;
}

async function startCode(g: string) {
  const res = await h.call('/api/v1/employer/code/start', { grant: g });
  expect(res.status).toBe(200);
  const answer = EmployerCodeStartResponse.parse(await res.json());
  // the code reaches only the corporate mailbox; the answer says where, masked
  expect(answer.maskedEmail).toBe('r***h@e******.com');
  expect(JSON.stringify(answer)).not.toMatch(/(?<!\d)\d{6}(?!\d)/);
  return { ...answer, code: codeIn(h.lastMailTo('rrhh@example.com')) };
}

const verifyCode = async (g: string, code: string) =>
  (await (await h.call('/api/v1/employer/code/verify', { grant: g, code })).json()) as unknown;
const wrongOf = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

describe('employer', () => {
  it('lookup needs all three to match and never says which was wrong', async () => {
    const found = await lookup(ANDINA);
    expect(found).toMatchObject({ ok: true, name: 'Comercial Andina S.A.', maskedEmail: 'r***h@e******.com' });
    expect(JSON.stringify(found)).not.toContain('rrhh@example.com');
    for (const wrong of [
      { ...ANDINA, branch: '002' },
      { ...ANDINA, legalRepId: '1714307103' },
      { ...ANDINA, ruc: '1790011674002' },
    ]) {
      expect(await lookup(wrong)).toEqual({ ok: false });
    }
  });

  it('code: 6 digits, stored hashed, right code verifies and unlocks credentials', async () => {
    const g = await grant();
    const blocked = await h.call('/api/v1/credentials', h.sealed(g, { password: 'Andina2025x' }));
    expect([blocked.status, await blocked.json()]).toEqual([409, { error: 'activation_pending' }]);
    const { code, expiresAt } = await startCode(g);
    expect(code).toMatch(/^\d{6}$/);
    expect(expiresAt).toBe(h.clock.t + 10 * 60_000);
    const row = await h.store.db
      .selectFrom('grant')
      .select('code_hash')
      .where('subject_kind', '=', 'employer')
      .executeTakeFirstOrThrow();
    expect(row.code_hash).toMatch(/^\$argon2id\$/);
    expect(await verifyCode(g, wrongOf(code))).toEqual({ ok: false, attemptsLeft: 4, expired: false });
    expect(await verifyCode(g, code)).toEqual({ ok: true, attemptsLeft: 4, expired: false });
    const set = await h.call('/api/v1/credentials', h.sealed(g, { password: 'Andina2025x' }), {
      'idempotency-key': 'emp-1',
    });
    expect(await set.json()).toEqual({ applied: true });
    // the change notice goes from the central: the kiosk never had the corporate address
    expect(h.lastMailTo('rrhh@example.com').subject).toBe('Su clave del IESS fue cambiada');
    const login = await h.call('/api/v1/portal/login', { id: '1790011674001', password: 'Andina2025x' });
    expect([login.status, await login.json()]).toEqual([200, { ok: true }]);
  });

  it('a new start replaces the old code but not the tries', async () => {
    const g = await grant();
    const first = await startCode(g);
    await verifyCode(g, wrongOf(first.code));
    let second = await startCode(g);
    while (second.code === first.code) second = await startCode(g);
    expect(await verifyCode(g, first.code)).toEqual({ ok: false, attemptsLeft: 3, expired: false });
    expect(await verifyCode(g, second.code)).toEqual({ ok: true, attemptsLeft: 3, expired: false });
  });

  it('5 wrong tries kill the grant, even for the right code', async () => {
    const g = await grant();
    const { code } = await startCode(g);
    for (let left = 4; left >= 0; left--)
      expect(await verifyCode(g, wrongOf(code))).toEqual({ ok: false, attemptsLeft: left, expired: false });
    expect(await verifyCode(g, code)).toEqual({ ok: false, attemptsLeft: 0, expired: false });
    expect((await h.call('/api/v1/employer/code/start', { grant: g })).status).toBe(403);
  });

  it('an expired code is refused with expired:true and costs no try', async () => {
    const g = await grant();
    const { code } = await startCode(g);
    h.clock.t += 10 * 60_000;
    expect(await verifyCode(g, code)).toEqual({ ok: false, attemptsLeft: 5, expired: true });
  });

  it('an afiliado grant is not an employer grant', async () => {
    expect((await h.call('/api/v1/employer/code/start', { grant: 'B'.repeat(43) })).status).toBe(403);
  });
});

describe('catalogs', () => {
  it('serves the bank, images and office with an ETag, and 304 when unchanged', async () => {
    const res = await h.get('/api/v1/catalogs');
    expect(res.status).toBe(200);
    const etag = res.headers.get('etag');
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    const catalogs = Catalogs.parse(await res.json());
    expect(catalogs.securityQuestions.map((q) => q.id)).toEqual([
      'q01',
      'q02',
      'q03',
      'q04',
      'q05',
      'q06',
      'q07',
      'q08',
      'q09',
      'q10',
    ]);
    for (const q of catalogs.securityQuestions) expect(q.text.en).toBeTruthy();
    expect(catalogs.securityImages).toEqual([...SECURITY_IMAGES]);
    expect(catalogs.securityImages).toEqual([
      'llama',
      'volcan',
      'colibri',
      'tortuga',
      'condor',
      'cacao',
      'sombrero',
      'canoa',
      'orquidea',
      'guitarra',
      'mazorca',
      'faro',
    ]);

    const cached = await h.get('/api/v1/catalogs', { 'if-none-match': etag ?? '' });
    expect(cached.status).toBe(304);
    expect(await cached.text()).toBe('');
    const stale = await h.get('/api/v1/catalogs', { 'if-none-match': '"old"' });
    expect(stale.status).toBe(200);
  });

  it('serves per-kiosk PIN verifiers (never the PIN nor its hash), and the ETag changes when staff change', async () => {
    const headers = { 'x-kiosk-id': 'KIOSCO-01' };
    const first = await h.get('/api/v1/catalogs', headers);
    const etag = first.headers.get('etag') ?? '';
    const body = await first.text();
    const catalogs = Catalogs.parse(JSON.parse(body));
    expect(catalogs.staff).toEqual([
      { id: 'S001', name: 'Lucía Andrade', role: 'supervisor', pinVerifier: expect.any(Object) },
    ]);
    expect(body).not.toContain('$argon2');
    expect(body).not.toContain('482915');

    await h.store.db
      .insertInto('staff')
      .values({
        id: 'T001',
        name: 'Marco Tapia',
        role: 'technician',
        pin_hash: await argon2.hash('7391', { type: argon2.argon2id, ...FAST_HASH }),
      })
      .execute();
    const changed = await h.get('/api/v1/catalogs', { ...headers, 'if-none-match': etag });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    const next = Catalogs.parse(await changed.json());
    expect(next.staff.map((s) => [s.id, s.role])).toEqual([
      ['S001', 'supervisor'],
      ['T001', 'technician'],
    ]);
    expect(next.version).not.toBe(catalogs.version);
  });

  it('health answers 200 without a kiosk id', async () => {
    expect((await h.app.request('/health')).status).toBe(200);
  });
});
