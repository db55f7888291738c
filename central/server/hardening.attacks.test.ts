import { request } from 'node:http';
import { resolve } from 'node:path';
import { Readable } from 'node:stream';
import type { z } from 'zod';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  Catalogs,
  ChallengeResponse,
  SEALED_STAFF_KEY,
  StaffVerifyResponse,
  VerifyResponse,
  type SeedFile,
} from '../contract';
import { signRequest, type KioskIdentity } from '../kiosk-auth';
import { newSealKeyPair, openSealed, seal, sealPublicKeyOf } from '../sealed';
import { SEALED_CREDENTIALS } from '../contract';
import { createCentralAppWith } from './app';
import { MAX_BODY_BYTES } from './body-limit';
import { decoysFor } from './decoys';
import { startCentral } from './embedded';
import { listStaffNotices } from './refusal-notice';
import { importSeed } from './seed';
import { loadSeedFile } from './seed';
import { hashParamsOf } from './secrets';
import { createHarness, FAST_HASH, linkIn, type Harness } from './testkit';

/**
 * The abuse of docs/security.md ("Hardened against abuse") against the reference central with the
 * demo seed: races, floods and volume where each single request is checked. Each must be refused.
 */
let demo: SeedFile;
let h: Harness;
beforeEach(async () => {
  if (!demo) {
    const loaded = await loadSeedFile(resolve(import.meta.dirname, '../../resources/seed/demo-seed.json'));
    if (!loaded.ok) throw new Error(loaded.problems.join('; '));
    demo = loaded.seed;
  }
  h = await createHarness({ seed: demo });
});
afterEach(() => h.close());

const MARIA = { idType: 'cedula', id: '1710034065' } as const; // a clave, own questions and image
const JORGE = { idType: 'cedula', id: '1714307103' } as const; // no clave
const MARIA_OWN: Record<string, string> = { q01: 'Firulais', q02: 'Riobamba', q03: 'Escuela Fiscal Sucre' };
const MARIA_BIRTH = { birthDay: 14, birthMonth: 8 };
const JORGE_BIRTH = { birthDay: 2, birthMonth: 3 };

function answersFor(set: z.infer<typeof ChallengeResponse>, id: string, own: Record<string, string> = {}) {
  const p = demo.afiliados.find((a) => a.id === id);
  return set.questions.map((q) => ({
    questionId: q.id,
    answer:
      q.kind === 'choice'
        ? (p?.challenges.find((c) => c.question === q.text['es-EC'])?.answer ?? '')
        : (own[q.id] ?? ''),
  }));
}

async function draw(who: typeof MARIA | typeof JORGE, kiosk = 'KIOSCO-01') {
  const res = await h.call('/api/v1/identity/challenge', who, { 'x-kiosk-id': kiosk });
  expect(res.status).toBe(200);
  return ChallengeResponse.parse(await res.json());
}

/** A POST signed by `as` to any app (another central process on the same database, say). */
async function signedTo(app: Harness['app'], path: string, body: unknown, as: KioskIdentity): Promise<Response> {
  const text = JSON.stringify(body);
  const authorization = await signRequest(as, { method: 'POST', path, body: text }, h.clock.t);
  return app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization },
    body: text,
  });
}

const login = async (id: string, password: string, source?: string): Promise<Response> =>
  h.app.request(
    '/api/v1/portal/login',
    { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id, password }) },
    source ? { incoming: { socket: { remoteAddress: source } } } : undefined,
  );

describe('attempts that cannot race', () => {
  it('look-ups spread over two central processes share one budget per kiosk: the second node does not double it', async () => {
    h = await createHarness({ lookupsPerMinute: 4 });
    const second = createCentralAppWith({ ...h.deps });
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const app = i % 2 === 0 ? h.app : second;
      statuses.push((await signedTo(app, '/api/v1/identity/lookup', MARIA, h.kiosk)).status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429, 429, 429]);
    // the employer look-up has a budget of its own, shared the same way
    const employer = { ruc: '1790011674001', branch: '001', legalRepId: '1710034065' };
    const employerStatuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const app = i % 2 === 0 ? second : h.app;
      employerStatuses.push((await signedTo(app, '/api/v1/employer/lookup', employer, h.kiosk)).status);
    }
    expect(employerStatuses).toEqual([200, 200, 200, 200, 429, 429]);
    // another kiosk is not held back by this one, and the minute ends for this one too
    const other = await h.enrollAnother('KIOSCO-02');
    expect((await signedTo(second, '/api/v1/identity/lookup', MARIA, other)).status).toBe(200);
    h.clock.t += 60_000;
    expect((await signedTo(second, '/api/v1/identity/lookup', MARIA, h.kiosk)).status).toBe(200);
  });

  it('50 concurrent wrong verifies for one person, across two kiosks and two central processes: exactly 5 checked and counted, locked at the 5th, no grant', async () => {
    h = await createHarness({ seed: demo, tune: { drawsPerPersonPerHour: 100, drawsPerKioskPerMinute: 100 } });
    const kioskA = h.kiosk;
    const kioskB = await h.enrollAnother('KIOSCO-02');
    // a second central process: its own app and state, the same database
    const second = createCentralAppWith({ ...h.deps });
    const sets: { set: z.infer<typeof ChallengeResponse>; as: KioskIdentity; app: Harness['app'] }[] = [];
    for (let i = 0; i < 50; i++) {
      const onB = i % 2 === 1;
      sets.push({
        set: await draw(MARIA, onB ? 'KIOSCO-02' : 'KIOSCO-01'),
        as: onB ? kioskB : kioskA,
        app: onB ? second : h.app,
      });
    }
    h.work.verifies.length = 0;

    // every request is sent at once, and sent again for as long as the central says "busy" (429)
    const answers = await Promise.all(
      sets.map(async ({ set, as, app }) => {
        const body = {
          challengeId: set.challengeId,
          birthDay: 1,
          birthMonth: 1,
          answers: answersFor(set, MARIA.id, MARIA_OWN),
        };
        for (let tries = 0; tries < 500; tries++) {
          const res = await signedTo(app, '/api/v1/identity/verify', body, as);
          if (res.status !== 429) return { status: res.status, body: (await res.json()) as unknown };
        }
        throw new Error('busy for ever');
      }),
    );

    const evaluated = answers.filter((a) => a.status === 200).map((a) => VerifyResponse.parse(a.body));
    expect(evaluated).toHaveLength(5);
    expect(evaluated.every((v) => !v.ok)).toBe(true);
    const lefts = evaluated.map((v) => (v.ok ? -1 : v.attemptsLeft)).sort();
    expect(lefts).toEqual([0, 1, 2, 3, 4]);
    expect(evaluated.find((v) => !v.ok && v.attemptsLeft === 0)).toMatchObject({ locked: true });
    expect(answers.filter((a) => a.status === 423)).toHaveLength(45);
    // only the 5 counted attempts were checked: argon2 for the 2 own answers of each (the 2
    // record answers are keyed hashes)
    expect(h.work.verifies).toHaveLength(5 * 2);

    const row = await h.store.db
      .selectFrom('afiliado')
      .select(['failed_attempts', 'locked_until', 'verify_lease'])
      .where('id', '=', MARIA.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ failed_attempts: 5, locked_until: h.clock.t + 1440 * 60_000, verify_lease: null });
    expect(await h.store.db.selectFrom('grant').select('grant_hash').execute()).toEqual([]);
    const locks = await h.store.db.selectFrom('audit').select('action').where('action', '=', 'person.locked').execute();
    expect(locks).toHaveLength(1);

    // and the right answers, on a set the race left unspent, now meet the lock, not a grant
    const unspent = await h.store.db
      .selectFrom('challenge_set')
      .select('id')
      .where('used_at', 'is', null)
      .executeTakeFirstOrThrow();
    const set = sets.find((s) => s.set.challengeId === unspent.id)!.set;
    const right = await h.call('/api/v1/identity/verify', {
      challengeId: set.challengeId,
      ...MARIA_BIRTH,
      answers: answersFor(set, MARIA.id, MARIA_OWN),
    });
    expect(right.status).toBe(423);
    const fresh = await h.call('/api/v1/identity/challenge', MARIA);
    expect(fresh.status).toBe(423);
  });

  it('concurrent wrong image picks with one grant spend at most the attempts left, one at a time', async () => {
    const set = await draw(MARIA);
    const v = VerifyResponse.parse(
      await (
        await h.call('/api/v1/identity/verify', {
          challengeId: set.challengeId,
          ...MARIA_BIRTH,
          answers: answersFor(set, MARIA.id, MARIA_OWN),
        })
      ).json(),
    );
    if (!v.ok) throw new Error('verification failed');
    const statuses = await Promise.all(
      Array.from({ length: 20 }, async () => {
        for (;;) {
          const res = await h.call('/api/v1/identity/image', { grant: v.grant, imageId: 'llama' });
          if (res.status !== 429) return res.status;
        }
      }),
    );
    // 5 counted picks (the 5th locks and spends the grant), the rest refused without counting
    expect(statuses.filter((s) => s === 200)).toHaveLength(5);
    expect(statuses.filter((s) => s !== 200).every((s) => s === 423 || s === 403)).toBe(true);
    const row = await h.store.db
      .selectFrom('afiliado')
      .select('failed_attempts')
      .where('id', '=', MARIA.id)
      .executeTakeFirstOrThrow();
    expect(row.failed_attempts).toBe(5);
  });
});

describe('challenge draws limited', () => {
  it('per person: the 13th draw within an hour is refused on any kiosk; a right answer starts the count again', async () => {
    for (let i = 0; i < 12; i++) await draw(MARIA, i % 2 ? 'KIOSCO-01' : 'KIOSCO-02');
    expect((await h.call('/api/v1/identity/challenge', MARIA, { 'x-kiosk-id': 'KIOSCO-03' })).status).toBe(429);
    expect((await h.call('/api/v1/identity/challenge', JORGE)).status).toBe(200); // someone else is not affected
    h.clock.t += 61 * 60_000;
    const set = await draw(MARIA);
    const ok = await h.call('/api/v1/identity/verify', {
      challengeId: set.challengeId,
      ...MARIA_BIRTH,
      answers: answersFor(set, MARIA.id, MARIA_OWN),
    });
    expect(VerifyResponse.parse(await ok.json()).ok).toBe(true);
    for (let i = 0; i < 12; i++) await draw(MARIA);
    expect((await h.call('/api/v1/identity/challenge', MARIA)).status).toBe(429);
  });

  it('per kiosk: a kiosk over its draws per minute is refused, another kiosk is not', async () => {
    h = await createHarness({ seed: demo, tune: { drawsPerKioskPerMinute: 3 } });
    await draw(MARIA);
    await draw(JORGE);
    await draw(MARIA);
    expect((await h.call('/api/v1/identity/challenge', JORGE)).status).toBe(429);
    expect((await h.call('/api/v1/identity/challenge', JORGE, { 'x-kiosk-id': 'KIOSCO-02' })).status).toBe(200);
    h.clock.t += 61_000;
    expect((await h.call('/api/v1/identity/challenge', JORGE)).status).toBe(200);
  });
});

describe('the recover image set', () => {
  it('is the same 9 images across 10 verifications of a person, so intersecting them reveals nothing', async () => {
    const seen: string[][] = [];
    for (let i = 0; i < 10; i++) {
      const set = await draw(MARIA, i % 2 ? 'KIOSCO-01' : 'KIOSCO-02');
      const v = VerifyResponse.parse(
        await (
          await h.call('/api/v1/identity/verify', {
            challengeId: set.challengeId,
            ...MARIA_BIRTH,
            answers: answersFor(set, MARIA.id, MARIA_OWN),
          })
        ).json(),
      );
      if (!v.ok || !v.profile.imageCandidates) throw new Error('no candidates');
      seen.push([...v.profile.imageCandidates].sort());
    }
    expect(seen[0]).toHaveLength(9);
    expect(seen[0]).toContain('colibri');
    for (const s of seen) expect(s).toEqual(seen[0]);
    const intersection = seen.reduce((acc, s) => acc.filter((i) => s.includes(i)));
    expect(intersection).toHaveLength(9);
  });

  it('differs between people and needs the central key: the choice is not a function of the id alone', () => {
    const key = Buffer.alloc(32, 7);
    const sets = new Set(Array.from({ length: 20 }, (_, i) => decoysFor(key, `17100340${i}`, 'colibri').join(',')));
    expect(sets.size).toBeGreaterThan(1);
    expect(decoysFor(Buffer.alloc(32, 8), '1710034065', 'colibri')).not.toEqual(
      decoysFor(key, '1710034065', 'colibri'),
    );
    expect(decoysFor(key, '1710034065', 'colibri')).not.toContain('colibri');
  });
});

describe('portal login (no kiosk credentials; DESIGN §5: 200 right, 401 wrong)', () => {
  it('40 wrong claves then the right one: refused until the lock ends, then 200', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) statuses.push((await login(MARIA.id, `Wrong${i}xyz`)).status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses.slice(10)).toEqual(Array(30).fill(429));
    const locked = await login(MARIA.id, 'Cotopaxi2024');
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    h.clock.t += 14 * 60_000;
    expect((await login(MARIA.id, 'Cotopaxi2024')).status).toBe(429);
    h.clock.t += 2 * 60_000;
    expect((await login(MARIA.id, 'Cotopaxi2024')).status).toBe(200);
  });

  it('concurrent guesses cannot outrun the account limit: at most 10 claves are checked', async () => {
    h.work.verifies.length = 0;
    const statuses = await Promise.all(
      Array.from({ length: 40 }, (_, i) => login(MARIA.id, `Race${i}abc`).then((r) => r.status)),
    );
    expect(statuses.filter((s) => s === 401)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(30);
    expect(h.work.verifies).toHaveLength(10);
  });

  it('per source: guesses spread over many accounts from one address are locked; another address is not', async () => {
    h = await createHarness({ seed: demo, tune: { portalLogin: { perSource: 20 } } });
    for (let i = 0; i < 20; i++)
      expect((await login(`09${String(10_000_000 + i)}`, 'Guess1234', '203.0.113.7')).status).toBe(401);
    expect((await login(MARIA.id, 'Cotopaxi2024', '203.0.113.7')).status).toBe(429);
    expect((await login(MARIA.id, 'Cotopaxi2024', '198.51.100.2')).status).toBe(200);
  });

  it('does the same hash work whether the account exists, has a clave or not (counted, not timed)', async () => {
    const cases = {
      'exists with a clave': MARIA.id,
      'exists without a clave': JORGE.id,
      'does not exist': '0102030405',
      'unknown RUC': '1799999999001',
    };
    const work: Record<string, string[]> = {};
    for (const [name, id] of Object.entries(cases)) {
      h.work.verifies.length = 0;
      expect((await login(id, 'NotTheClave99')).status).toBe(401);
      work[name] = h.work.verifies.map((p) => `m=${p.memoryCost},t=${p.timeCost},p=${p.parallelism}`);
    }
    const one = [`m=${FAST_HASH.memoryCost},t=${FAST_HASH.timeCost},p=${FAST_HASH.parallelism}`];
    expect(work).toEqual(Object.fromEntries(Object.keys(cases).map((k) => [k, one])));
  });
});

describe('bodies capped at 16 KB', () => {
  const MiB = 'x'.repeat(1024 * 1024);

  it('a 1 MiB body gets 413 before anything parses it: portal, kiosk routes, events', async () => {
    const portal = await h.app.request('/api/v1/portal/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(MiB.length + 26) },
      body: JSON.stringify({ id: MARIA.id, password: MiB }),
    });
    expect([portal.status, await portal.json()]).toEqual([413, { error: 'too_large' }]);
    // nothing was counted: the route never read the body
    expect(await h.store.db.selectFrom('throttle').selectAll().execute()).toEqual([]);
    for (const path of ['/api/v1/identity/lookup', '/api/v1/events', '/api/v1/staff/verify']) {
      const res = await h.call(
        path,
        { idType: 'cedula', id: MARIA.id, pad: MiB },
        { 'content-length': String(MiB.length + 60) },
      );
      expect([path, res.status]).toEqual([path, 413]);
    }
  });

  it('refuses on the declared Content-Length without reading, and while streaming a body sent without one', async () => {
    let pulled = 0;
    const never = new ReadableStream({
      pull(controller) {
        pulled += 1;
        controller.enqueue(new TextEncoder().encode('{"id":"'));
      },
    });
    const declared = await h.app.request('/api/v1/portal/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(64 * 1024 * 1024) },
      body: never,
      duplex: 'half',
    } as RequestInit);
    expect(declared.status).toBe(413);
    expect(pulled).toBeLessThanOrEqual(1); // the stream's own first read-ahead at most

    let sent = 0;
    const chunked = Readable.toWeb(
      Readable.from(
        (function* () {
          for (let i = 0; i < 1024; i++) {
            sent += 1024;
            yield Buffer.alloc(1024, 120);
          }
        })(),
      ),
    ) as ReadableStream<Uint8Array>;
    const streamed = await h.app.request('/api/v1/portal/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: chunked,
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(sent).toBeLessThan(64 * 1024); // it stopped reading soon after 16 KB
    expect(MAX_BODY_BYTES).toBe(16 * 1024);
  });
});

describe('over the wire (the central as `npm run central` serves it)', () => {
  it('a 1 MiB body gets 413, and the portal counts tries by the socket address, not a header', async () => {
    const central = await startCentral({ port: 0, activationTtlSeconds: 180, hashParams: FAST_HASH });
    try {
      const post = (body: string, headers: Record<string, string> = {}) =>
        fetch(`${central.url}/api/v1/portal/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body,
        });
      // a 1 MiB body announced: the answer comes before a byte of it is sent
      const answer = await new Promise<{ status: number; body: string }>((done, failed) => {
        const req = request(
          `${central.url}/api/v1/portal/login`,
          { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(1024 * 1024) } },
          (res) => {
            let body = '';
            res.on('data', (chunk: Buffer) => (body += chunk.toString()));
            res.on('end', () => {
              req.destroy(); // the announced body is never sent
              done({ status: res.statusCode ?? 0, body });
            });
          },
        );
        req.on('error', failed);
        req.flushHeaders();
      });
      expect([answer.status, JSON.parse(answer.body)]).toEqual([413, { error: 'too_large' }]);
      // 100 wrong tries from 127.0.0.1 over many accounts lock that address, whatever X-Forwarded-For says
      for (let i = 0; i < 100; i++) {
        const res = await post(JSON.stringify({ id: `09${String(20_000_000 + i)}`, password: 'Guess1234' }), {
          'x-forwarded-for': `198.51.100.${i}`,
        });
        expect(res.status).toBe(401);
      }
      expect((await post(JSON.stringify({ id: '0999999999', password: 'Guess1234' }))).status).toBe(429);
    } finally {
      await central.close();
    }
  });
});

describe('stored hash parameters only from the allow-list', () => {
  // a well-formed argon2id string asking for 256 MiB and t=3: never handed to argon2
  const EXPENSIVE =
    '$argon2id$v=19$m=262144,t=3,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g';

  it('a clave stored with parameters outside the list is refused at login, at the dummy cost', async () => {
    await h.store.db.updateTable('afiliado').set({ password_hash: EXPENSIVE }).where('id', '=', MARIA.id).execute();
    h.work.verifies.length = 0;
    expect((await login(MARIA.id, 'Cotopaxi2024')).status).toBe(401);
    expect(h.work.verifies).toEqual([FAST_HASH]);
    expect(hashParamsOf(EXPENSIVE)).toEqual({ memoryCost: 262144, timeCost: 3, parallelism: 1 });
  });

  it('a security answer stored that way is a wrong answer; the seed import replaces such a hash instead of verifying it', async () => {
    await h.store.db
      .updateTable('security_answer')
      .set({ answer_hash: EXPENSIVE })
      .where('afiliado_id', '=', MARIA.id)
      .execute();
    const set = await draw(MARIA);
    const v = VerifyResponse.parse(
      await (
        await h.call('/api/v1/identity/verify', {
          challengeId: set.challengeId,
          ...MARIA_BIRTH,
          answers: answersFor(set, MARIA.id, MARIA_OWN),
        })
      ).json(),
    );
    expect(v.ok).toBe(false);
    expect(h.work.verifies.some((p) => p.memoryCost === 262144)).toBe(false);

    await h.store.db.updateTable('staff').set({ pin_hash: EXPENSIVE }).where('id', '=', 'S001').execute();
    await importSeed(h.store.db, demo, {
      now: h.clock.t,
      lockMinutes: 1440,
      hashParams: FAST_HASH,
      recordKey: h.deps.keys.recordAnswers,
    });
    const staff = await h.store.db
      .selectFrom('staff')
      .select('pin_hash')
      .where('id', '=', 'S001')
      .executeTakeFirstOrThrow();
    expect(hashParamsOf(staff.pin_hash)).toEqual(FAST_HASH);
    const answers = await h.store.db
      .selectFrom('security_answer')
      .select('answer_hash')
      .where('afiliado_id', '=', MARIA.id)
      .execute();
    for (const a of answers) expect(hashParamsOf(a.answer_hash)).toEqual(FAST_HASH);
  });
});

describe('staff secrets', () => {
  const staffVerify = (pin: string, kiosk = 'KIOSCO-01', sealTo?: string) =>
    h.call('/api/v1/staff/verify', { pin, ...(sealTo ? { sealTo } : {}) }, { 'x-kiosk-id': kiosk });

  it('neither catalogs nor PIN material nor the offline key without kiosk credentials', async () => {
    const variants: Record<string, string>[] = [{}, { 'x-kiosk-id': 'KIOSCO-01' }, { authorization: 'Kiosk a.b.c' }];
    for (const headers of variants) {
      const catalogs = await h.app.request('/api/v1/catalogs', { headers });
      expect(catalogs.status).toBe(401);
      expect(await catalogs.text()).not.toContain('pinVerifier');
      const verify = await h.app.request('/api/v1/staff/verify', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ pin: '482915', sealTo: newSealKeyPair().publicKey }),
      });
      expect(verify.status).toBe(401);
    }
  });

  it('an enrolled kiosk gets verifiers keyed for it alone: no PIN hash, and another kiosk’s differ', async () => {
    const mine = Catalogs.parse(await (await h.get('/api/v1/catalogs')).json());
    const other = await h.enrollAnother('KIOSCO-02');
    const authorization = await signRequest(other, { method: 'GET', path: '/api/v1/catalogs', body: '' }, h.clock.t);
    const theirs = Catalogs.parse(
      await (await h.app.request('/api/v1/catalogs', { headers: { authorization } })).json(),
    );
    expect(JSON.stringify(mine)).not.toContain('$argon2');
    expect(mine.staff.map((s) => s.id)).toEqual(['S001', 'T001']);
    for (const [i, s] of mine.staff.entries()) {
      expect(s.pinVerifier.mac).not.toBe(theirs.staff[i]!.pinVerifier.mac);
      expect(s.pinVerifier.kid).not.toBe(theirs.staff[i]!.pinVerifier.kid);
    }
  });

  it('checks PINs at the central, counting wrong ones per kiosk (concurrent ones included) with a lock', async () => {
    h.work.verifies.length = 0;
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => staffVerify(String(100000 + i))));
    const bodies = await Promise.all(answers.map(async (r) => [r.status, await r.json()] as const));
    expect(bodies.filter(([s]) => s === 200)).toHaveLength(5);
    expect(bodies.filter(([s]) => s === 423)).toHaveLength(15);
    expect(h.work.verifies).toHaveLength(5 * 2); // 5 counted tries × 2 staff hashes
    // locked for this kiosk even with the right PIN, until the lock ends; another kiosk is not
    expect((await staffVerify('482915')).status).toBe(423);
    expect(StaffVerifyResponse.parse(await (await staffVerify('482915', 'KIOSCO-02')).json()).ok).toBe(true);
    h.clock.t += 15 * 60_000 + 1;
    expect(StaffVerifyResponse.parse(await (await staffVerify('482915')).json())).toMatchObject({
      ok: true,
      staff: { id: 'S001', role: 'supervisor' },
    });
  });

  it('a right PIN brings this kiosk’s offline key, sealed to the one-off key it sent, matching its verifiers', async () => {
    const oneOff = newSealKeyPair();
    const answer = StaffVerifyResponse.parse(await (await staffVerify('730164', 'KIOSCO-01', oneOff.publicKey)).json());
    if (!answer.ok || !answer.offlineKey) throw new Error('no offline key');
    const opened = openSealed(oneOff.privateKey, SEALED_STAFF_KEY, answer.offlineKey.sealed) as { key: string };
    expect(Buffer.from(opened.key, 'base64url')).toHaveLength(32);
    const catalogs = Catalogs.parse(await (await h.get('/api/v1/catalogs')).json());
    expect(catalogs.staff.every((s) => s.pinVerifier.kid === answer.offlineKey?.kid)).toBe(true);
    // a wrong PIN brings nothing
    const wrong = StaffVerifyResponse.parse(await (await staffVerify('000000', 'KIOSCO-01', oneOff.publicKey)).json());
    expect(wrong).toEqual({ ok: false, attemptsLeft: 4, locked: false });
  });
});

describe('a sealed clave finally refused at the central', () => {
  async function confirmedJorge(): Promise<string> {
    const set = await draw(JORGE);
    const v = VerifyResponse.parse(
      await (
        await h.call('/api/v1/identity/verify', {
          challengeId: set.challengeId,
          ...JORGE_BIRTH,
          answers: answersFor(set, JORGE.id),
        })
      ).json(),
    );
    if (!v.ok) throw new Error('verification failed');
    await h.call('/api/v1/activation/start', { grant: v.grant, email: 'jorge@example.com' });
    await h.app.request(new URL(linkIn(h.lastMailTo('jorge@example.com'))).pathname, { method: 'POST' });
    return v.grant;
  }
  const event = (key: string, payload: { grant: string; sealed: string }) => ({
    events: [{ key, aggregateId: 's-refused', sequence: 1, kind: 'credentials.set', payload }],
  });
  const sealedAt = (grant: string, password: string, at: number) => ({
    grant,
    sealed: seal(sealPublicKeyOf(h.deps.sealKey), SEALED_CREDENTIALS, { password, sealedAt: at }),
  });

  it('after the person left (a policy refusal delivered late): mail says NOT changed, staff see a notice, once', async () => {
    const grant = await confirmedJorge();
    const payload = sealedAt(grant, 'abcd1234xyz', h.clock.t);
    h.clock.t += 5 * 60_000; // the central was away; the outbox delivers now
    const res = await h.call('/api/v1/events', event('01REFUSEDKEY00000001', payload));
    expect(await res.json()).toEqual({
      results: [{ key: '01REFUSEDKEY00000001', outcome: 'rejected', error: 'password_policy' }],
    });

    const mail = h.lastMailTo('jorge@example.com');
    expect(mail.subject).toBe('Su clave del IESS NO fue cambiada');
    expect(mail.text).toContain('NO fue registrada');
    expect(mail.text).toContain('vuelva a hacer el trámite');
    expect(mail.text).not.toContain('abcd1234xyz');
    const notices = await listStaffNotices(h.store.db);
    expect(notices).toEqual([
      {
        id: expect.any(String),
        at: h.clock.t,
        kiosk_id: 'KIOSCO-01',
        kind: 'credentials.refused',
        reason: 'password_policy',
        masked_subject: expect.stringMatching(/^Jorge /),
        person_told: 1,
      },
    ]);
    expect(JSON.stringify(notices)).not.toContain('Pilataxi');
    const audit = await h.store.db
      .selectFrom('audit')
      .select(['action', 'subject'])
      .where('action', '=', 'credentials.refused')
      .execute();
    expect(audit).toEqual([{ action: 'credentials.refused', subject: JORGE.id }]);

    // sent again (or a second event for the same grant): no second notice for the key, one mail per grant
    const mails = () => h.mailer.mailbox.list().filter((m) => m.subject.includes('NO fue cambiada')).length;
    await h.call('/api/v1/events', event('01REFUSEDKEY00000001', payload));
    await h.call('/api/v1/events', event('01REFUSEDKEY00000002', payload));
    expect(mails()).toBe(1);
    expect(await listStaffNotices(h.store.db)).toHaveLength(2);
  });

  it('a payload whose grant ran out past the grace: the person is told, staff see it', async () => {
    const grant = await confirmedJorge();
    const payload = sealedAt(grant, 'Pichincha7Sur', h.clock.t);
    h.clock.t += 25 * 60 * 60_000;
    const res = await h.call('/api/v1/events', event('01REFUSEDKEY00000003', payload));
    expect((await res.json()) as unknown).toMatchObject({ results: [{ outcome: 'rejected', error: 'grant_invalid' }] });
    expect(h.lastMailTo('jorge@example.com').subject).toBe('Su clave del IESS NO fue cambiada');
    expect(await listStaffNotices(h.store.db)).toMatchObject([{ reason: 'grant_invalid', person_told: 1 }]);
  });

  it('a refusal the screen shows itself (delivered at once, grant alive) mails nobody and leaves no notice', async () => {
    const grant = await confirmedJorge();
    const res = await h.call(
      '/api/v1/events',
      event('01REFUSEDKEY00000004', sealedAt(grant, 'abcd1234xyz', h.clock.t)),
    );
    expect((await res.json()) as unknown).toMatchObject({ results: [{ outcome: 'rejected' }] });
    expect(h.mailer.mailbox.list().some((m) => m.subject.includes('NO fue cambiada'))).toBe(false);
    expect(await listStaffNotices(h.store.db)).toEqual([]);
  });

  it('no "not changed" mail once a clave of this flow landed (a late duplicate for a spent grant)', async () => {
    const grant = await confirmedJorge();
    expect(
      (await h.call('/api/v1/events', event('01REFUSEDKEY00000005', sealedAt(grant, 'Pichincha7Sur', h.clock.t))))
        .status,
    ).toBe(200);
    h.clock.t += 5 * 60_000;
    await h.call(
      '/api/v1/events',
      event('01REFUSEDKEY00000006', sealedAt(grant, 'Otra7Clave9', h.clock.t - 5 * 60_000)),
    );
    expect(h.mailer.mailbox.list().some((m) => m.subject.includes('NO fue cambiada'))).toBe(false);
    expect(await listStaffNotices(h.store.db)).toMatchObject([{ reason: 'grant_invalid', person_told: 0 }]);
  });
});
