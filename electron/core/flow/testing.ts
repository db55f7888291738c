/**
 * Test support for the flow engine: a spy and fault injector around the reference central (the
 * test starts it in-process with its test kit: in-memory SQLite, fast hashes), the people most
 * tests walk through, a manual clock and a scheduler that fires only when the test says so.
 */
import type { KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { createCentralClient, type CentralClient, type CentralFailure } from '../../../central/client';
import {
  CredentialsSecrets,
  EventEnvelope,
  SEALED_CREDENTIALS,
  type Catalogs,
  type RouteName,
  type Routes,
  type SeedFile,
} from '../../../central/contract';
import type { KioskIdentity } from '../../../central/kiosk-auth';
import { openSealed } from '../../../central/sealed';
import type { CentralDatabase } from '../../../db/central/schema';
import { openKioskDb } from '../../../db/kiosk/open';
import { createKioskParts, type KioskParts } from '../parts';
import type { ChallengeQuestion } from '../../contract/flow';
import type { Schedule } from './context';

export type SeedPerson = SeedFile['afiliados'][number];
export type SeedEmployer = SeedFile['employers'][number];

/** The person most core tests walk through the flow: no clave, no email, data not updated in person. */
export const PEDRO: SeedPerson = {
  idType: 'cedula',
  id: '1714307103',
  fullName: 'Pedro Andrés Guamán Lema',
  birthDate: '1990-02-03',
  email: null,
  dataUpdatedInPerson: false,
  hasPassword: false,
  challenges: [
    {
      question: '¿En qué año realizó su primer aporte al IESS?',
      answer: '2009',
      distractors: ['2007', '2011', '2013'],
    },
    {
      question: '¿Cuál fue su primer empleador?',
      answer: 'Ferretería Kywi',
      distractors: ['Pronaca', 'Banco Pichincha', 'Supermaxi'],
    },
    { question: '¿En qué provincia se afilió al IESS?', answer: 'Azuay', distractors: ['Guayas', 'Pichincha', 'Loja'] },
  ],
  securityImage: null,
};

/** A seed with these people (and employers), for the test kit's `createHarness`. */
export const seedOf = (afiliados: SeedPerson[], employers: SeedEmployer[] = []): SeedFile => ({
  afiliados,
  employers,
  staff: [],
});

/** The answers the person would give on the challenge screen: birth day and month, and each right option. */
export function rightAnswersOf(person: SeedPerson, questions: ChallengeQuestion[]) {
  const [, month, day] = person.birthDate.split('-').map(Number);
  const answers = questions.map((q) => {
    const text = q.text['es-EC'];
    const answer =
      q.kind === 'choice'
        ? person.challenges.find((c) => c.question === text)?.answer
        : person.securityAnswers?.find((a) => a.questionId === q.id)?.answer;
    if (answer === undefined) throw new Error(`no answer for ${text}`);
    return { questionId: q.id, answer };
  });
  return { step: 'challenge' as const, birthDay: day!, birthMonth: month!, answers };
}

/** What of the test kit's harness the wrapper needs: the app, its store and its clock. */
export type ReferenceCentral = {
  app: { request(input: string, init?: RequestInit): Response | Promise<Response> };
  /** the kiosk the reference central enrolled, whose key signs the wrapped client's calls */
  kiosk: KioskIdentity;
  /** the central's seal key: the spy opens what the kiosk sealed, as only the central can */
  deps: { sealKey: KeyObject };
  store: { db: Kysely<CentralDatabase> };
  clock: { t: number };
};

type Req<R extends RouteName> = z.input<Routes[R]['request']>;

/**
 * The reference central seen through a kiosk client, with a spy (calls, applied credentials and
 * session events) and a fault injector (a route answers a given failure until healed). The rules
 * are the central's own; nothing here decides an answer.
 */
export function wrapCentral(central: ReferenceCentral, now: () => number) {
  const base = 'http://central.test';
  const real = createCentralClient({
    baseUrl: base,
    identity: central.kiosk,
    // signatures are dated by the test's clock, which is the central's too
    now,
    fetch: async (input, init) => {
      // the central reads the test's clock, whatever the test did to it since the last call
      central.clock.t = now();
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      return central.app.request(url, init);
    },
  });
  const calls: RouteName[] = [];
  const failures = new Map<RouteName, CentralFailure>();
  const credentials: { body: CredentialsSecrets; sealed: Req<'credentials'>; key: string | undefined }[] = [];
  const opened = (sealed: Req<'credentials'>, key: string | undefined) => ({
    body: CredentialsSecrets.parse(openSealed(central.deps.sealKey, SEALED_CREDENTIALS, sealed.sealed)),
    sealed,
    key,
  });
  const sessionEvents: { aggregateId: string; event: string }[] = [];

  const client: CentralClient = {
    baseUrl: base,
    async call(route, body, options) {
      calls.push(route);
      const failure = failures.get(route);
      if (failure) return { ok: false, failure };
      const result = await real.call(route, body, options);
      if (!result.ok) return result;
      if (route === 'credentials') credentials.push(opened(body as Req<'credentials'>, options?.idempotencyKey));
      if (route === 'events') {
        const sent = (body as Req<'events'>).events.map((raw) => EventEnvelope.parse(raw));
        const outcomes = (result.value as z.infer<Routes['events']['response']>).results;
        for (const e of sent) {
          if (outcomes.find((o) => o.key === e.key)?.outcome !== 'applied') continue;
          if (e.kind === 'credentials.set') credentials.push(opened(e.payload, e.key));
          else if (e.kind === 'session.event')
            sessionEvents.push({ aggregateId: e.aggregateId, event: e.payload.event });
        }
      }
      return result;
    },
    async catalogs(etag) {
      calls.push('catalogs');
      const failure = failures.get('catalogs');
      if (failure) return { ok: false, failure };
      return real.catalogs(etag);
    },
  };

  return {
    client,
    calls,
    credentials,
    sessionEvents,
    /** every call to `route` answers this way until `heal(route)` */
    breakRoute: (route: RouteName, failure: CentralFailure = { kind: 'unavailable' }) => failures.set(route, failure),
    heal: (route: RouteName) => failures.delete(route),
    /** who the central lists as staff (with their PIN hashes) from now on */
    async setStaff(next: { id: string; name: string; role: Catalogs['staff'][number]['role']; pinHash: string }[]) {
      await central.store.db.deleteFrom('staff').execute();
      for (const s of next)
        await central.store.db
          .insertInto('staff')
          .values({ id: s.id, name: s.name, role: s.role, pin_hash: s.pinHash })
          .execute();
    },
    /** every grant the central issued so far runs out now (as if the person had lingered past it) */
    async expireGrants() {
      await central.store.db.updateTable('grant').set({ expires_at: now() }).execute();
    },
    /** the person taps CLIC PARA CONTINUAR in the mail: true when the central confirmed it */
    async confirmLink(link: string): Promise<boolean> {
      central.clock.t = now();
      // only the page's button (a POST) confirms; opening the link shows it
      const page = await central.app.request(link.replace(/^https?:\/\/[^/]+/, ''), { method: 'POST' });
      return page.status === 200 && (await page.text()).includes('Correo confirmado');
    },
  };
}
export type TestCentral = ReturnType<typeof wrapCentral>;

/**
 * The kiosk's parts as production builds them, on a real kiosk.db in `dir` (default a fresh
 * temporary one), with the outbox running. `close` stops the outbox and closes the database; the
 * directory is removed only when this made it.
 */
export async function openTestParts(options: {
  client: CentralClient;
  now: () => number;
  dir?: string;
  log?: (event: string) => void;
}) {
  const made = options.dir === undefined;
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'kiosk-parts-'));
  const kiosk = await openKioskDb(dir);
  const parts: KioskParts = createKioskParts({
    kioskDb: kiosk.db,
    sqlite: kiosk.sqlite,
    client: options.client,
    now: options.now,
    ...(options.log ? { log: options.log } : {}),
    drain: { intervalMs: 100 },
  });
  parts.outbox.start();
  return {
    ...parts,
    dir,
    async close() {
      await parts.outbox.stop();
      await kiosk.close();
      if (made) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Waits (in real time) until the outbox's loops have done what `check` looks for: they run on
 * their own timers, not on the test's clock. Throws with `what` when it never happens.
 */
export async function eventually(
  what: string,
  check: () => boolean | Promise<boolean>,
  withinMs = 5_000,
): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`never happened: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

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
