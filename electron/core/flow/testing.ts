import { maskEmail } from '../mask';
import { newSealKeyPair, openSealed } from '../../../central/sealed';
import type { Mailer } from '../mail/types';
import { activationEmail, employerCodeEmail } from '../mail/templates';
/**
 * Test support for the flow engine: a small in-memory central that follows the central
 * contract's rules (fresh challenge sets, 5 attempts then lock, activation links, employer
 * codes), a manual clock and a scheduler that fires only when the test says so.
 */
import type { z } from 'zod';
import type { CentralClient, CentralFailure, CentralResult } from '../../../central/client';
import { CredentialsSecrets, EventEnvelope, SEALED_CREDENTIALS, type Catalogs, type Profile, type RouteName, type Routes } from '../../../central/contract';
import type { ChallengeQuestion } from '../../contract/flow';
import type { Schedule } from './context';

export type FakePerson = {
  idType: 'cedula' | 'foreigner';
  id: string;
  fullName: string;
  birthDate: string;
  email: string | null;
  dataUpdatedInPerson: boolean;
  hasPassword: boolean;
  image: string | null;
  attemptsLeft: number;
  lockedUntil?: number;
};

export type FakeEmployer = { ruc: string; branch: string; legalRepId: string; name: string; email: string };

type Req<R extends RouteName> = z.input<Routes[R]['request']>;
type Res<R extends RouteName> = z.infer<Routes[R]['response']>;
type Handlers = { [R in Exclude<RouteName, 'catalogs'>]: (body: Req<R>) => CentralResult<Res<R>> };

export const RIGHT_ANSWER = 'correcta';
/** The person most core tests walk through the flow: no clave, no email, data not updated in person. */
export const PEDRO: FakePerson = {
  idType: 'cedula',
  id: '1714307103',
  fullName: 'Pedro Andrés Guamán Lema',
  birthDate: '1990-02-03',
  email: null,
  dataUpdatedInPerson: false,
  hasPassword: false,
  image: null,
  attemptsLeft: 5,
};
export const IMAGES = ['llama', 'condor', 'volcan', 'colibri', 'tortuga', 'orquidea', 'iguana', 'mariposa', 'ceibo', 'piquero'];
export const CATALOGS: Catalogs = {
  version: 'test-1',
  securityQuestions: Array.from({ length: 10 }, (_, i) => ({ id: `sq${i + 1}`, text: { 'es-EC': `Pregunta ${i + 1}` } })),
  securityImages: IMAGES,
  office: { id: 'UIO-1', name: 'IESS Quito Centro' },
  staff: [],
};

const rejected = (status: number, error: Extract<CentralFailure, { kind: 'rejected' }>['error'], lockedUntil?: number): CentralResult<never> => ({
  ok: false,
  failure: lockedUntil === undefined ? { kind: 'rejected', status, error } : { kind: 'rejected', status, error, lockedUntil },
});
const value = <T>(v: T): CentralResult<T> => ({ ok: true, value: v });

/**
 * `mailer`: where the fake sends the activation link and the employer code, as the real central
 * does (the kiosk never gets them in an answer). Capture mailers store synchronously.
 */
export function createFakeCentral(options: { people: FakePerson[]; employers?: FakeEmployer[]; now: () => number; mailer?: Pick<Mailer, 'send'> }) {
  const people = new Map(options.people.map((p) => [p.id, { ...p }]));
  let staff: Catalogs['staff'] = [];
  const employers = options.employers ?? [];
  const calls: RouteName[] = [];
  const failures = new Map<RouteName, CentralFailure>();
  let serial = 0;
  const challenges = new Map<string, { personId: string; used: boolean }>();
  const grants = new Map<string, { personId: string; kind: 'afiliado' | 'employer' }>();
  const activations = new Map<string, { token: string; link: string; email: string; expiresAt: number; confirmed: boolean }>();
  const codes = new Map<string, { code: string; expiresAt: number; attemptsLeft: number; verified: boolean }>();
  // the fake holds a seal key as the central does, and records what it opened
  const sealPair = newSealKeyPair();
  const openBody = (body: Req<'credentials'>): CredentialsSecrets => CredentialsSecrets.parse(openSealed(sealPair.privateKey, SEALED_CREDENTIALS, body.sealed));
  const credentials: { body: CredentialsSecrets; sealed: Req<'credentials'>; key: string | undefined }[] = [];
  const appliedKeys = new Set<string>();
  const sessionEvents: { aggregateId: string; event: string }[] = [];
  const lastDraw = new Map<string, ChallengeQuestion[]>();
  const drawn: ChallengeQuestion[][] = [];
  const newGrant = (personId: string, kind: 'afiliado' | 'employer') => {
    const grant = `grant-${++serial}-${'x'.repeat(24)}`;
    grants.set(grant, { personId, kind });
    return grant;
  };
  const profileOf = (p: FakePerson): Profile => ({
    fullName: p.fullName,
    birthDate: p.birthDate,
    email: p.email,
    dataUpdatedInPerson: p.dataUpdatedInPerson,
    hasPassword: p.hasPassword,
    imageCandidates: p.image ? [p.image, ...IMAGES.filter((i) => i !== p.image).slice(0, 8)] : null,
  });
  const failAttempt = (p: FakePerson) => {
    p.attemptsLeft = Math.max(0, p.attemptsLeft - 1);
    if (p.attemptsLeft === 0) p.lockedUntil = options.now() + 30 * 60_000;
    return value({ ok: false as const, attemptsLeft: p.attemptsLeft, locked: p.attemptsLeft === 0, ...(p.lockedUntil ? { lockedUntil: p.lockedUntil } : {}) });
  };

  const handlers: Handlers = {
    lookup: (body) => {
      const p = people.get(body.id);
      if (!p) return value({ found: false as const });
      const locked = p.lockedUntil !== undefined && p.lockedUntil > options.now();
      return value({ found: true as const, hasPassword: p.hasPassword, locked, ...(locked ? { lockedUntil: p.lockedUntil } : {}), attemptsLeft: p.attemptsLeft });
    },
    challenge: (body) => {
      const p = people.get(body.id);
      if (!p) return rejected(404, 'not_found');
      if (p.lockedUntil !== undefined) return rejected(423, 'locked', p.lockedUntil);
      const challengeId = `ch-${++serial}`;
      const questions: ChallengeQuestion[] = [1, 2].map((n) => ({
        kind: 'choice',
        id: `q${n}-${serial}`,
        text: { 'es-EC': `Pregunta de registro ${n} (set ${serial})` },
        options: [RIGHT_ANSWER, 'uno', 'dos', 'tres'],
      }));
      challenges.set(challengeId, { personId: p.id, used: false });
      lastDraw.set(challengeId, questions);
      drawn.push(questions);
      return value({ challengeId, questions, attemptsLeft: p.attemptsLeft });
    },
    verify: (body) => {
      const set = challenges.get(body.challengeId);
      if (!set || set.used) return rejected(404, 'not_found');
      set.used = true;
      const p = people.get(set.personId)!;
      if (p.lockedUntil !== undefined) return rejected(423, 'locked', p.lockedUntil);
      const [, month, day] = p.birthDate.split('-').map(Number);
      const questions = lastDraw.get(body.challengeId) ?? [];
      const allRight = questions.every((q) => body.answers.find((a) => a.questionId === q.id)?.answer === RIGHT_ANSWER);
      if (day !== body.birthDay || month !== body.birthMonth || !allRight) return failAttempt(p);
      p.attemptsLeft = 5;
      return value({ ok: true as const, grant: newGrant(p.id, 'afiliado'), profile: profileOf(p) });
    },
    imageCheck: (body) => {
      const grant = grants.get(body.grant);
      if (!grant) return rejected(403, 'grant_invalid');
      const p = people.get(grant.personId)!;
      if (body.imageId === p.image) return value({ ok: true as const });
      return failAttempt(p);
    },
    activationStart: (body) => {
      if (!grants.has(body.grant)) return rejected(403, 'grant_invalid');
      const token = `tok${++serial}${'T'.repeat(30)}`;
      const person = people.get(grants.get(body.grant)?.personId ?? '');
      const email = body.email ?? person?.email ?? '';
      const activation = { token, link: `http://central.test/activar/${token}`, email, expiresAt: options.now() + 180_000, confirmed: false };
      activations.set(body.grant, activation);
      void options.mailer?.send({ to: email, ...activationEmail({ link: activation.link, ttlSeconds: 180 }) });
      return value({ maskedEmail: 'm***a@e******.com', expiresAt: activation.expiresAt });
    },
    activationStatus: (body) => {
      const a = activations.get(body.grant);
      if (!a) return rejected(404, 'not_found');
      return value({ state: a.confirmed ? ('confirmed' as const) : a.expiresAt <= options.now() ? ('expired' as const) : ('pending' as const) });
    },
    credentials: (body) => {
      if (!grants.has(body.grant)) return rejected(403, 'grant_invalid');
      grants.delete(body.grant);
      return value({ applied: true });
    },
    employerLookup: (body) => {
      const e = employers.find((x) => x.ruc === body.ruc && x.branch === body.branch && x.legalRepId === body.legalRepId);
      return e ? value({ ok: true as const, grant: newGrant(e.ruc, 'employer'), name: e.name, maskedEmail: maskEmail(e.email) }) : value({ ok: false as const });
    },
    employerCodeStart: (body) => {
      if (!grants.has(body.grant)) return rejected(403, 'grant_invalid');
      const previous = codes.get(body.grant);
      const code = String(100000 + ++serial).slice(-6);
      const expiresAt = options.now() + 600_000;
      codes.set(body.grant, { code, expiresAt, attemptsLeft: previous?.attemptsLeft ?? 5, verified: false });
      const employer = employers.find((e) => e.ruc === grants.get(body.grant)?.personId);
      if (employer) void options.mailer?.send({ to: employer.email, ...employerCodeEmail({ code, employerName: employer.name, ttlMinutes: 10 }) });
      return value({ maskedEmail: 'r***h@e******.com', expiresAt });
    },
    employerCodeVerify: (body) => {
      const c = codes.get(body.grant);
      if (!c) return rejected(409, 'conflict');
      if (c.attemptsLeft <= 0) return value({ ok: false, attemptsLeft: 0, expired: false });
      if (c.expiresAt <= options.now()) return value({ ok: false, attemptsLeft: c.attemptsLeft, expired: true });
      if (c.code === body.code) return value({ ok: true, attemptsLeft: c.attemptsLeft, expired: false });
      c.attemptsLeft -= 1;
      return value({ ok: false, attemptsLeft: c.attemptsLeft, expired: false });
    },
    portalLogin: () => value({ ok: false }),
    enroll: () => value({ enrolled: true as const }),
    // the outbox's batches: credentials follow the same rules as the direct call, keys once
    events: (body) => {
      const results = body.events.map((raw) => {
        const e = EventEnvelope.parse(raw);
        if (appliedKeys.has(e.key)) return { key: e.key, outcome: 'duplicate' as const };
        if (e.kind === 'credentials.set') {
          const broken = failures.get('credentials');
          const applied = broken ? { ok: false as const, failure: broken } : handlers.credentials(e.payload);
          if (!applied.ok) return { key: e.key, outcome: 'rejected' as const, error: applied.failure.kind === 'rejected' ? applied.failure.error : 'internal' };
          credentials.push({ body: openBody(e.payload), sealed: e.payload, key: e.key });
        } else sessionEvents.push({ aggregateId: e.aggregateId, event: e.payload.event });
        appliedKeys.add(e.key);
        return { key: e.key, outcome: 'applied' as const };
      });
      return value({ results });
    },
  };

  const client: CentralClient = {
    baseUrl: 'http://central.test',
    async call(route, body, callOptions) {
      calls.push(route);
      const failure = failures.get(route);
      if (failure) return { ok: false, failure };
      const handler = handlers[route] as (b: unknown) => CentralResult<unknown>;
      const result = handler(body);
      if (route === 'credentials' && result.ok) credentials.push({ body: openBody(body as Req<'credentials'>), sealed: body as Req<'credentials'>, key: callOptions?.idempotencyKey });
      return result as never;
    },
    async catalogs() {
      calls.push('catalogs');
      const failure = failures.get('catalogs');
      if (failure) return { ok: false, failure };
      return value({ notModified: false as const, catalogs: { ...CATALOGS, staff, sealKey: sealPair.publicKey }, etag: `"v1-${staff.length}"` });
    },
  };

  return {
    client,
    calls,
    credentials,
    sessionEvents,
    drawn,
    people,
    /** every call to `route` fails this way until `heal(route)` */
    breakRoute: (route: RouteName, failure: CentralFailure = { kind: 'unavailable' }) => failures.set(route, failure),
    heal: (route: RouteName) => failures.delete(route),
    /** who the catalogs list as staff (with their PIN hashes) from now on */
    setStaff: (next: Catalogs['staff']) => {
      staff = next;
    },
    /** the person taps CLIC PARA CONTINUAR: confirms whichever activation has this link */
    confirmLink(link: string): boolean {
      for (const a of activations.values()) if (a.link === link && a.expiresAt > options.now()) return (a.confirmed = true);
      return false;
    },
  };
}
export type FakeCentral = ReturnType<typeof createFakeCentral>;

/** A clock that moves only when told, and timers that fire only as it moves. */
export function createManualClock(start = Date.UTC(2025, 5, 2, 15, 0, 0)) {
  let t = start;
  let timers: { at: number; run: () => void; live: boolean }[] = [];
  const schedule: Schedule = (run, ms) => {
    const timer = { at: t + ms, run, live: true };
    timers.push(timer);
    return () => {
      timer.live = false;
    };
  };
  return {
    now: () => t,
    schedule,
    /** moves the clock without firing timers (a slow screen, a person thinking) */
    set: (to: number) => {
      t = to;
    },
    /** moves the clock and fires every live timer now due, oldest first */
    advance(ms: number): void {
      t += ms;
      const due = timers.filter((x) => x.live && x.at <= t).sort((a, b) => a.at - b.at);
      timers = timers.filter((x) => x.live && x.at > t);
      for (const x of due) x.run();
    },
    pending: () => timers.filter((x) => x.live).length,
  };
}
export type ManualClock = ReturnType<typeof createManualClock>;
