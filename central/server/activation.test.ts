import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ActivationStartResponse, ChallengeResponse, SEALED_CREDENTIALS, VerifyResponse } from '../contract';
import { newSealKeyPair, seal } from '../sealed';
import { createHarness, kioskHash, linkIn, rightAnswerOf, type Harness } from './testkit';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(() => h.close());

/** Verifies Jorge (no clave, no email, no image) for a first clave and returns the grant. */
async function grantForJorge(): Promise<string> {
  const set = ChallengeResponse.parse(
    await (
      await h.call('/api/v1/identity/challenge', { idType: 'cedula', id: '1714307103', intent: 'generate' })
    ).json(),
  );
  const answers = set.questions.map((q) => ({
    questionId: q.id,
    answer: rightAnswerOf(q.text['es-EC'], '1714307103'),
  }));
  const v = VerifyResponse.parse(
    await (
      await h.call('/api/v1/identity/verify', { challengeId: set.challengeId, birthDay: 2, birthMonth: 3, answers })
    ).json(),
  );
  if (!v.ok) throw new Error('verification failed');
  return v.grant;
}

/** Starts an activation; the link and token are read from the mail the central sent. */
async function start(grant: string, email: string | null = 'jorge.pilataxi@example.com', to = email ?? '') {
  const res = await h.call('/api/v1/activation/start', email === null ? { grant } : { grant, email });
  expect(res.status).toBe(200);
  const answer = ActivationStartResponse.parse(await res.json());
  const link = linkIn(h.lastMailTo(to));
  return { ...answer, link, token: link.split('/').pop() ?? '' };
}

const status = async (grant: string) =>
  (await (await h.call('/api/v1/activation/status', { grant })).json()) as unknown;
/** The person's tap on CLIC PARA CONTINUAR: the page's POST. */
const open = (link: string) => h.app.request(new URL(link).pathname, { method: 'POST' });
const peek = (link: string, method: 'GET' | 'HEAD' = 'GET') => h.app.request(new URL(link).pathname, { method });

function expectPageHeaders(res: Response) {
  expect(res.headers.get('content-type')).toMatch(/^text\/html/);
  expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  expect(res.headers.get('cache-control')).toBe('no-store');
  expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'; style-src 'unsafe-inline'/);
}

describe('activation link', () => {
  it('start mails a 32-byte token in a link under the public URL; the answer has only the masked address; only its hash is stored', async () => {
    const grant = await grantForJorge();
    const a = await start(grant);
    expect(a.maskedEmail).toBe('j***i@e******.com');
    expect(h.lastMailTo('jorge.pilataxi@example.com').subject).toBe('ACTIVACIÓN CLAVE');
    expect(Buffer.from(a.token, 'base64url')).toHaveLength(32);
    expect(a.link).toBe(`https://central.test/activar/${a.token}`);
    expect(a.expiresAt).toBe(h.clock.t + 180_000);
    const rows = await h.store.db.selectFrom('activation').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(a.token);
  });

  it('GET and HEAD show the button and confirm nothing (mail scanners open links)', async () => {
    const grant = await grantForJorge();
    const a = await start(grant);
    for (const method of ['GET', 'HEAD'] as const) {
      const res = await peek(a.link, method);
      expect(res.status).toBe(200);
      expectPageHeaders(res);
    }
    const html = await (await peek(a.link)).text();
    expect(html).toMatch(/<form method="post"><button type="submit"[^>]*>CLIC PARA CONTINUAR<\/button><\/form>/);
    expect(html).not.toContain(a.token);
    expect(await status(grant)).toEqual({ state: 'pending' });
  });

  it('valid → confirmed page, status confirmed; opening again → 409; nothing else changes', async () => {
    const grant = await grantForJorge();
    const a = await start(grant);
    expect(await status(grant)).toEqual({ state: 'pending' });
    const first = await open(a.link);
    expect(first.status).toBe(200);
    expectPageHeaders(first);
    const html = await first.text();
    expect(html).toContain('Correo confirmado. Regrese al kiosco para continuar.');
    expect(html).not.toMatch(/https?:\/\/|<script|<img|<link/);
    expect(await status(grant)).toEqual({ state: 'confirmed' });
    const again = await open(a.link);
    expect(again.status).toBe(409);
    expectPageHeaders(again);
    expect(await again.text()).toContain('ya fue utilizado');
  });

  it('expired → 410 and stays unconfirmed (injected clock)', async () => {
    const grant = await grantForJorge();
    const a = await start(grant);
    h.clock.t += 180_000;
    const res = await open(a.link);
    expect(res.status).toBe(410);
    expectPageHeaders(res);
    expect(await res.text()).toContain('Enlace vencido');
    expect(await status(grant)).toEqual({ state: 'expired' });
  });

  it('forged or unknown → 404', async () => {
    const res = await h.app.request('/activar/' + 'x'.repeat(43), { method: 'POST' });
    expect(res.status).toBe(404);
    expectPageHeaders(res);
    expect(await res.text()).toContain('Enlace no válido');
  });

  it('a new start invalidates the previous link', async () => {
    const grant = await grantForJorge();
    const first = await start(grant);
    const second = await start(grant);
    expect(second.token).not.toBe(first.token);
    expect((await open(first.link)).status).toBe(410);
    expect(await status(grant)).toEqual({ state: 'pending' });
    expect((await open(second.link)).status).toBe(200);
  });

  it('the email help page is neutral, Spanish and self-contained', async () => {
    const res = await h.app.request('/ayuda/correo');
    expect(res.status).toBe(200);
    expectPageHeaders(res);
    const html = await res.text();
    expect(html).toContain('lang="es"');
    expect(html).toContain('ACTIVACIÓN CLAVE');
    expect(html).not.toMatch(/https?:\/\//);
  });
});

describe('credentials', () => {
  it('need a confirmed activation, then set the clave once per Idempotency-Key and consume the grant', async () => {
    const grant = await grantForJorge();
    const body = h.sealed(grant, {
      password: 'Pichincha7Sur',
      email: 'jorge.pilataxi@example.com',
      mobile: '0991234567',
    });
    const key = { 'idempotency-key': '01JTESTKEY0000000000000001' };

    const none = await h.call('/api/v1/credentials', body, key);
    expect([none.status, await none.json()]).toEqual([409, { error: 'activation_pending' }]);
    const a = await start(grant);
    expect(await (await h.call('/api/v1/credentials', body, key)).json()).toEqual({ error: 'activation_pending' });
    await open(a.link);

    const applied = await h.call('/api/v1/credentials', body, key);
    expect([applied.status, await applied.json()]).toEqual([200, { applied: true }]);
    const replay = await h.call('/api/v1/credentials', body, key);
    expect([replay.status, await replay.json()]).toEqual([200, { applied: false }]);
    // without the key the grant is spent
    expect((await h.call('/api/v1/credentials', body, { 'idempotency-key': 'another-key' })).status).toBe(403);

    const row = await h.store.db
      .selectFrom('afiliado')
      .selectAll()
      .where('id', '=', '1714307103')
      .executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=1024,p=1,t=1\$/); // the central's own parameters
    expect(row).toMatchObject({ has_password: 1, email: 'jorge.pilataxi@example.com', mobile: '0991234567' });
    expect(await h.store.db.selectFrom('idempotency').selectAll().execute()).toHaveLength(1);

    const login = await h.call('/api/v1/portal/login', { id: '1714307103', password: 'Pichincha7Sur' });
    expect([login.status, await login.json()]).toEqual([200, { ok: true }]);
  });

  it('an expired activation is refused as activation_expired', async () => {
    const grant = await grantForJorge();
    await start(grant);
    h.clock.t += 181_000;
    const res = await h.call('/api/v1/credentials', h.sealed(grant, { password: 'Pichincha7Sur' }));
    expect([res.status, await res.json()]).toEqual([409, { error: 'activation_expired' }]);
  });

  it('refuses to register an email other than the confirmed one', async () => {
    const grant = await grantForJorge();
    await open((await start(grant)).link);
    const res = await h.call(
      '/api/v1/credentials',
      h.sealed(grant, { password: 'Pichincha7Sur', email: 'otro@example.com' }),
    );
    expect(res.status).toBe(409);
    expect(
      (
        await h.store.db
          .selectFrom('afiliado')
          .select('has_password')
          .where('id', '=', '1714307103')
          .executeTakeFirstOrThrow()
      ).has_password,
    ).toBe(0);
  });

  it('400 on a caller-made hash instead of a sealed payload, a payload sealed to another key, or unknown security question ids', async () => {
    const grant = await grantForJorge();
    expect(
      (await h.call('/api/v1/credentials', { grant, passwordHash: await kioskHash('Pichincha7Sur') })).status,
    ).toBe(400);
    expect(
      (
        await h.call('/api/v1/credentials', {
          grant,
          sealed: seal(newSealKeyPair().publicKey, SEALED_CREDENTIALS, {
            password: 'Pichincha7Sur',
            sealedAt: h.clock.t,
          }),
        })
      ).status,
    ).toBe(400);
    const answers = [{ questionId: 'q99', answer: 'x' }];
    expect(
      (await h.call('/api/v1/credentials', h.sealed(grant, { password: 'Pichincha7Sur', securityAnswers: answers })))
        .status,
    ).toBe(400);
  });
});

describe('portal login', () => {
  it('200 with the seeded clave, 401 otherwise (wrong clave, no clave, unknown id)', async () => {
    const right = await h.call('/api/v1/portal/login', { id: '1710034065', password: 'Cotopaxi2024' });
    expect([right.status, await right.json()]).toEqual([200, { ok: true }]);
    for (const attempt of [
      { id: '1710034065', password: 'cotopaxi2024' },
      { id: '1714307103', password: '' },
      { id: '0000000000', password: 'Cotopaxi2024' },
      { id: '1790011674001', password: 'Cotopaxi2024' },
    ]) {
      const res = await h.call('/api/v1/portal/login', attempt);
      expect([res.status, await res.json()]).toEqual([401, { ok: false }]);
    }
  });
});

describe('recover with a security image', () => {
  it('credentials wait for the right image pick, then the new clave replaces the old one', async () => {
    const own: Record<string, string> = { q01: 'firulais', q02: 'Riobamba', q03: 'escuela fiscal sucre' };
    const set = ChallengeResponse.parse(
      await (
        await h.call('/api/v1/identity/challenge', { idType: 'cedula', id: '1710034065', intent: 'recover' })
      ).json(),
    );
    const answers = set.questions.map((q) => ({
      questionId: q.id,
      answer: q.kind === 'choice' ? rightAnswerOf(q.text['es-EC']) : (own[q.id] ?? ''),
    }));
    const v = VerifyResponse.parse(
      await (
        await h.call('/api/v1/identity/verify', { challengeId: set.challengeId, birthDay: 14, birthMonth: 8, answers })
      ).json(),
    );
    if (!v.ok) throw new Error('verification failed');
    await open((await start(v.grant, null, 'maria@example.com')).link);
    const body = h.sealed(v.grant, { password: 'Quilotoa2025' });
    const early = await h.call('/api/v1/credentials', body);
    expect([early.status, await early.json()]).toEqual([409, { error: 'conflict' }]);
    expect(await (await h.call('/api/v1/identity/image', { grant: v.grant, imageId: 'colibri' })).json()).toEqual({
      ok: true,
    });
    expect(await (await h.call('/api/v1/credentials', body)).json()).toEqual({ applied: true });
    expect((await h.call('/api/v1/portal/login', { id: '1710034065', password: 'Quilotoa2025' })).status).toBe(200);
    expect((await h.call('/api/v1/portal/login', { id: '1710034065', password: 'Cotopaxi2024' })).status).toBe(401);
  });
});
