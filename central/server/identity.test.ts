import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChallengeResponse, LookupResponse, VerifyResponse } from '../contract';
import { recordQuestionText } from './catalog';
import { createHarness, rightAnswerOf, type Harness } from './testkit';

const MARIA = { idType: 'cedula', id: '1710034065' } as const;
const OWN: Record<string, string> = { q01: '  FIRULÁIS ', q02: 'riobamba', q03: 'Escuela fiscal Sucre' };

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(() => h.close());

async function challenge(
  intent: 'generate' | 'recover' = 'recover',
  who: { idType: 'cedula' | 'foreigner'; id: string } = MARIA,
  kiosk = 'KIOSCO-01',
) {
  const res = await h.call('/api/v1/identity/challenge', { ...who, intent }, { 'x-kiosk-id': kiosk });
  expect(res.status).toBe(200);
  return ChallengeResponse.parse(await res.json());
}

function rightAnswers(set: Awaited<ReturnType<typeof challenge>>, personId: string = MARIA.id) {
  return set.questions.map((q) => ({
    questionId: q.id,
    answer: q.kind === 'choice' ? rightAnswerOf(q.text['es-EC'], personId) : (OWN[q.id] ?? ''),
  }));
}

async function verify(body: unknown, kiosk = 'KIOSCO-01') {
  const res = await h.call('/api/v1/identity/verify', body, { 'x-kiosk-id': kiosk });
  return { status: res.status, body: (await res.json()) as unknown };
}

async function failOnce(kiosk = 'KIOSCO-01') {
  const set = await challenge('recover', MARIA, kiosk);
  // right answers, wrong birth day: must still count as a failed attempt
  return verify({ challengeId: set.challengeId, birthDay: 15, birthMonth: 8, answers: rightAnswers(set) }, kiosk);
}

describe('identity lookup', () => {
  it('finds a person and reports attempts; unknown ids are found:false', async () => {
    const found = LookupResponse.parse(await (await h.call('/api/v1/identity/lookup', MARIA)).json());
    expect(found).toEqual({ found: true, hasPassword: true, locked: false, attemptsLeft: 5 });
    const other = await (await h.call('/api/v1/identity/lookup', { idType: 'cedula', id: '1714307103' })).json();
    expect(other).toEqual({ found: true, hasPassword: false, locked: false, attemptsLeft: 5 });
    expect(await (await h.call('/api/v1/identity/lookup', { idType: 'cedula', id: '0962467429' })).json()).toEqual({
      found: false,
    });
  });

  it('reports a seeded lock with its end', async () => {
    const body = LookupResponse.parse(
      await (await h.call('/api/v1/identity/lookup', { idType: 'cedula', id: '0901234567' })).json(),
    );
    expect(body).toEqual({
      found: true,
      hasPassword: true,
      locked: true,
      lockedUntil: h.clock.t + 1440 * 60_000,
      attemptsLeft: 0,
    });
  });

  it('rate limits lookups per kiosk, not globally', async () => {
    h = await createHarness({ lookupsPerMinute: 3 });
    for (let i = 0; i < 3; i++) expect((await h.call('/api/v1/identity/lookup', MARIA)).status).toBe(200);
    const limited = await h.call('/api/v1/identity/lookup', MARIA);
    expect(limited.status).toBe(429);
    expect(await limited.json()).toEqual({ error: 'rate_limited' });
    expect((await h.call('/api/v1/identity/lookup', MARIA, { 'x-kiosk-id': 'KIOSCO-02' })).status).toBe(200);
    h.clock.t += 60_000;
    expect((await h.call('/api/v1/identity/lookup', MARIA)).status).toBe(200);
  });
});

describe('challenge', () => {
  it('recover: 2 record choices (answer among 4 shuffled options) and 2 typed own questions in both languages', async () => {
    const set = await challenge('recover');
    expect(set.attemptsLeft).toBe(5);
    const choices = set.questions.filter((q) => q.kind === 'choice');
    const typed = set.questions.filter((q) => q.kind === 'typed');
    expect(choices).toHaveLength(2);
    expect(typed).toHaveLength(2);
    for (const q of choices) expect(q.options).toContain(rightAnswerOf(q.text['es-EC']));
    for (const q of typed) {
      expect(['q01', 'q02', 'q03']).toContain(q.id);
      expect(q.text.en).toBeTruthy();
      expect(q.text['es-EC']).toMatch(/^¿/);
    }
  });

  it('record questions of the IESS catalogue carry their English wording; an unknown one stays in Spanish only', async () => {
    const set = await challenge('recover');
    for (const q of set.questions.filter((q) => q.kind === 'choice')) {
      expect(q.text.en).toBe(recordQuestionText(q.text['es-EC']).en);
      expect(q.text.en).toMatch(/\?$/);
    }
    expect(recordQuestionText('¿Cuál fue su primer empleador?')).toEqual({
      'es-EC': '¿Cuál fue su primer empleador?',
      en: 'Who was your first employer?',
    });
    expect(recordQuestionText('¿Cuántos hijos tenía en 1990?')).toEqual({ 'es-EC': '¿Cuántos hijos tenía en 1990?' });
  });

  it('generate: record questions only', async () => {
    const set = await challenge('generate', { idType: 'cedula', id: '1714307103' });
    expect(set.questions.every((q) => q.kind === 'choice')).toBe(true);
  });

  it('the central decides the intent: "generate" for a person with a clave is refused; without one, recover is drawn', async () => {
    const forced = await h.call('/api/v1/identity/challenge', { ...MARIA, intent: 'generate' });
    expect([forced.status, await forced.json()]).toEqual([409, { error: 'conflict' }]);
    const decided = ChallengeResponse.parse(await (await h.call('/api/v1/identity/challenge', MARIA)).json());
    expect(decided.questions.filter((q) => q.kind === 'typed')).toHaveLength(2);
  });

  it('draws a fresh set each call', async () => {
    const sets = await Promise.all(Array.from({ length: 8 }, () => challenge('recover')));
    expect(new Set(sets.map((s) => s.challengeId)).size).toBe(8);
    const shapes = new Set(
      sets.map((s) => JSON.stringify(s.questions.map((q) => [q.text['es-EC'], q.kind === 'choice' ? q.options : []]))),
    );
    expect(shapes.size).toBeGreaterThan(1);
  });

  it('unknown person → 404, locked person → 423 with lockedUntil', async () => {
    expect(
      (await h.call('/api/v1/identity/challenge', { idType: 'cedula', id: '0962467429', intent: 'generate' })).status,
    ).toBe(404);
    const locked = await h.call('/api/v1/identity/challenge', {
      idType: 'cedula',
      id: '0901234567',
      intent: 'recover',
    });
    expect(locked.status).toBe(423);
    expect(await locked.json()).toEqual({ error: 'locked', lockedUntil: h.clock.t + 1440 * 60_000 });
  });
});

describe('verify', () => {
  it('right birth day, month and answers (typed ones normalised) → grant and profile with 9 image candidates', async () => {
    const set = await challenge('recover');
    const { status, body } = await verify({
      challengeId: set.challengeId,
      birthDay: 14,
      birthMonth: 8,
      answers: rightAnswers(set),
    });
    expect(status).toBe(200);
    const ok = VerifyResponse.parse(body);
    if (!ok.ok) throw new Error('expected ok');
    expect(Buffer.from(ok.grant, 'base64url').length).toBeGreaterThanOrEqual(16);
    expect(ok.profile).toMatchObject({
      maskedName: 'María F. Q. T.',
      emailOnFile: { masked: 'm***a@e******.com', provider: 'other' },
      dataUpdatedInPerson: true,
      hasPassword: true,
    });
    expect(ok.profile.imageCandidates).toHaveLength(9);
    expect(new Set(ok.profile.imageCandidates).size).toBe(9);
    expect(ok.profile.imageCandidates).toContain('colibri');
    const row = await h.store.db.selectFrom('grant').selectAll().executeTakeFirstOrThrow();
    expect(row.grant_hash).not.toBe(ok.grant); // only the hash is stored
    expect(row.expires_at).toBe(h.clock.t + 15 * 60_000);
  });

  it('a person without an image gets imageCandidates null', async () => {
    const set = await challenge('generate', { idType: 'cedula', id: '1714307103' });
    const { body } = await verify({
      challengeId: set.challengeId,
      birthDay: 2,
      birthMonth: 3,
      answers: rightAnswers(set, '1714307103'),
    });
    expect(body).toMatchObject({ ok: true, profile: { imageCandidates: null, emailOnFile: null, hasPassword: false } });
  });

  it('a wrong choice, wrong typed answer, wrong month or missing answer is refused without saying which', async () => {
    const cases: Array<(s: Awaited<ReturnType<typeof challenge>>) => unknown> = [
      (s) => ({ challengeId: s.challengeId, birthDay: 14, birthMonth: 9, answers: rightAnswers(s) }),
      (s) => ({
        challengeId: s.challengeId,
        birthDay: 14,
        birthMonth: 8,
        answers: rightAnswers(s).map((a) => (a.questionId.startsWith('q') ? { ...a, answer: 'otro' } : a)),
      }),
      (s) => ({
        challengeId: s.challengeId,
        birthDay: 14,
        birthMonth: 8,
        answers: rightAnswers(s).map((a) => (a.questionId.startsWith('r') ? { ...a, answer: '1993' } : a)),
      }),
      (s) => ({ challengeId: s.challengeId, birthDay: 14, birthMonth: 8, answers: rightAnswers(s).slice(1) }),
    ];
    let left = 5;
    for (const make of cases) {
      const { status, body } = await verify(make(await challenge('recover')));
      left -= 1;
      expect(status).toBe(200);
      expect(body).toEqual({ ok: false, attemptsLeft: left, locked: false });
    }
  });

  it('a challenge id works once', async () => {
    const set = await challenge('recover');
    const body = { challengeId: set.challengeId, birthDay: 14, birthMonth: 8, answers: rightAnswers(set) };
    expect((await verify(body)).status).toBe(200);
    expect(await verify(body)).toEqual({ status: 404, body: { error: 'not_found' } });
  });

  it('an expired challenge is refused', async () => {
    const set = await challenge('recover');
    h.clock.t += 10 * 60_000 + 1;
    expect(
      (await verify({ challengeId: set.challengeId, birthDay: 14, birthMonth: 8, answers: rightAnswers(set) })).status,
    ).toBe(404);
  });

  it('5 wrong attempts across kiosks lock the person; the lock is seen by any kiosk and by a right answer', async () => {
    for (let i = 1; i <= 4; i++)
      expect((await failOnce(i % 2 ? 'KIOSCO-01' : 'KIOSCO-02')).body).toEqual({
        ok: false,
        attemptsLeft: 5 - i,
        locked: false,
      });
    // a right set drawn before the lock cannot be used after it
    const drawnBefore = await challenge('recover', MARIA, 'KIOSCO-03');
    const fifth = await failOnce('KIOSCO-02');
    expect(fifth.body).toEqual({ ok: false, attemptsLeft: 0, locked: true, lockedUntil: h.clock.t + 1440 * 60_000 });

    const seen = await h.call('/api/v1/identity/lookup', MARIA, { 'x-kiosk-id': 'KIOSCO-09' });
    expect(await seen.json()).toEqual({
      found: true,
      hasPassword: true,
      locked: true,
      lockedUntil: h.clock.t + 1440 * 60_000,
      attemptsLeft: 0,
    });
    expect(
      (await h.call('/api/v1/identity/challenge', { ...MARIA, intent: 'recover' }, { 'x-kiosk-id': 'KIOSCO-09' }))
        .status,
    ).toBe(423);
    const late = await verify(
      { challengeId: drawnBefore.challengeId, birthDay: 14, birthMonth: 8, answers: rightAnswers(drawnBefore) },
      'KIOSCO-03',
    );
    expect(late.status).toBe(423);

    h.clock.t += 1440 * 60_000;
    expect(await (await h.call('/api/v1/identity/lookup', MARIA)).json()).toEqual({
      found: true,
      hasPassword: true,
      locked: false,
      attemptsLeft: 5,
    });
  });

  it('a right answer resets the counter', async () => {
    await failOnce();
    await failOnce();
    const set = await challenge('recover');
    expect(set.attemptsLeft).toBe(3);
    await verify({ challengeId: set.challengeId, birthDay: 14, birthMonth: 8, answers: rightAnswers(set) });
    expect((await challenge('recover')).attemptsLeft).toBe(5);
  });
});

describe('image check', () => {
  async function grant() {
    const set = await challenge('recover');
    const { body } = await verify({
      challengeId: set.challengeId,
      birthDay: 14,
      birthMonth: 8,
      answers: rightAnswers(set),
    });
    return VerifyResponse.parse(body);
  }

  it('the right image passes; a wrong one costs an attempt on the same counter', async () => {
    const v = await grant();
    if (!v.ok) throw new Error('expected ok');
    const wrong = await h.call('/api/v1/identity/image', { grant: v.grant, imageId: 'llama' });
    expect(await wrong.json()).toEqual({ ok: false, attemptsLeft: 4, locked: false });
    expect((await challenge('recover', MARIA, 'KIOSCO-02')).attemptsLeft).toBe(4);
    const right = await h.call('/api/v1/identity/image', { grant: v.grant, imageId: 'colibri' });
    expect(await right.json()).toEqual({ ok: true });
  });

  it('a forged grant is refused', async () => {
    const res = await h.call('/api/v1/identity/image', { grant: 'A'.repeat(43), imageId: 'colibri' });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: 'grant_invalid' });
  });
});

describe('request validation', () => {
  it('400 invalid_request on malformed JSON, wrong shape and extra fields; 401 without kiosk credentials', async () => {
    const bad = [
      await h.call('/api/v1/identity/lookup', '{not json'),
      await h.call('/api/v1/identity/lookup', { idType: 'passport', id: '1' }),
      await h.call('/api/v1/identity/lookup', { ...MARIA, extra: 1 }),
      await h.call('/api/v1/identity/verify', { challengeId: 'x', birthDay: 32, birthMonth: 1, answers: [] }),
    ];
    for (const res of bad) {
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ error: 'invalid_request' });
    }
    for (const res of [
      await h.app.request('/api/v1/identity/lookup', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-kiosk-id': 'KIOSCO-01' },
        body: JSON.stringify(MARIA),
      }),
      await h.app.request('/api/v1/catalogs'),
    ]) {
      expect([res.status, await res.json()]).toEqual([401, { error: 'unauthorized' }]);
    }
  });
});
