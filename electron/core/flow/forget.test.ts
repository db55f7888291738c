/**
 * Nothing of a person survives the end of their session: for every screen of every flow, a
 * cancel, an idle reset and (on the last screen) FINALIZAR leave no value the person typed or the
 * central told about them anywhere in the session's memory.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createHarness } from '../../../central/server/testkit';
import type { FlowKind, FlowView } from '../../contract/flow';
import type { Result } from '../../contract/result';
import { createCatalogSource } from './catalogs';
import type { FlowDeps } from './context';
import { createSlidingLimiter } from './ratelimit';
import { outboxCredentialsSink, outboxSessionEvents } from './outbox-sinks';
import { FlowSession } from './session';
import {
  createManualClock,
  openTestParts,
  PEDRO,
  rightAnswersOf,
  seedOf,
  wrapCentral,
  type SeedPerson,
} from './testing';

const presence = { trusted: true as const, via: 'pointer' as const, elapsedMs: 1200 };
const PASSWORD = 'Pichincha7Rio';
const EMAIL = 'pedro.olvido@example.com';
const MOBILE = '0991234567';
const LANDLINE = '022345678';
const SECURITY_ANSWER = 'Mi perro Firulais';
const maria: SeedPerson = {
  idType: 'cedula',
  id: '1710034065',
  fullName: 'María Fernanda Quishpe Toapanta',
  birthDate: '1961-08-14',
  email: 'maria@example.com',
  dataUpdatedInPerson: true,
  hasPassword: true,
  password: 'Cotopaxi2024',
  challenges: [
    {
      question: '¿Cuál fue su primer empleador?',
      answer: 'Textiles La Escala S.A.',
      distractors: ['Pronaca', 'Banco del Pichincha', 'Almacenes Tía S.A.'],
    },
  ],
  securityImage: 'condor',
  securityAnswers: [{ questionId: 'q02', answer: 'Riobamba' }],
};
const employer = {
  ruc: '1790011674001',
  branch: '001',
  legalRepId: '1714307103',
  name: 'Comercial Andina S.A.',
  email: 'rrhh@example.com',
  hasPassword: true,
};

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup() {
  const reference = await createHarness({ seed: seedOf([PEDRO, maria], [employer]) });
  cleanups.push(() => reference.close());
  const clock = createManualClock(reference.clock.t);
  const central = wrapCentral(reference, clock.now);
  // one capture mailbox, as in embedded mode: the central's link and codes, the kiosk's notices
  const mailer = reference.mailer;
  const parts = await openTestParts({ client: central.client, now: clock.now });
  cleanups.push(() => parts.close());
  const deps: FlowDeps = {
    central: parts.central,
    centralPublicUrl: 'http://central.test',
    now: clock.now,
    schedule: clock.schedule,
    catalogs: createCatalogSource(parts.central, { db: parts.kioskDb }),
    takeLookup: createSlidingLimiter(10, 60_000, clock.now),
    credentialsSink: outboxCredentialsSink(parts.outbox, parts.waits, clock.schedule),
    sessionEvents: outboxSessionEvents(parts.outbox, clock.now, () => {}),
    kioskId: 'KIOSCO-01',
    officeName: 'IESS Quito Centro',
    log: () => {},
  };
  return { clock, central, mailer, deps };
}
type Setup = Awaited<ReturnType<typeof setup>>;

const viewOf = (result: Result<FlowView | null>): FlowView => {
  if (!result.ok || !result.value) throw new Error(`the flow refused: ${result.ok ? 'no view' : result.error.code}`);
  return result.value;
};
const linkIn = (text: string) => /https?:\/\/\S+\/activar\/\S+/.exec(text)?.[0] ?? '';

/** One tap on the current screen, as a person would make it; returns the next screen. */
type Step = (session: FlowSession, t: Setup) => Promise<FlowView>;

const afiliadoSteps = (person: SeedPerson): Step[] => [
  async (s) => viewOf(await s.advance({ step: 'identify', idType: person.idType, id: person.id, presence })),
  async (s) => {
    const challenge = viewOf(s.view());
    if (challenge.screen !== 'challenge') throw new Error(challenge.screen);
    return viewOf(await s.advance(rightAnswersOf(person, challenge.questions)));
  },
  async (s) => viewOf(await s.advance({ step: 'confirmIdentity' })),
];
const generateSteps: Step[] = [
  ...afiliadoSteps(PEDRO),
  async (s) =>
    viewOf(
      await s.advance({
        step: 'securityQuestions',
        answers: ['q01', 'q02', 'q03'].map((questionId) => ({ questionId, answer: SECURITY_ANSWER })),
      }),
    ),
  async (s) => viewOf(await s.advance({ step: 'securityImage', imageId: 'condor' })),
  async (s) =>
    viewOf(
      await s.advance({
        step: 'email',
        mode: 'register',
        email: EMAIL,
        confirm: EMAIL,
        mobile: MOBILE,
        landline: LANDLINE,
      }),
    ),
  async (s) => viewOf(await s.advance({ step: 'confirmEmail' })),
  async (s, t) => confirmAndPoll(s, t, EMAIL),
  async (s) => viewOf(await s.advance({ step: 'declaration', accepted: true })),
  async (s) => viewOf(await s.advance({ step: 'password', password: PASSWORD, repeat: PASSWORD })),
];
const recoverSteps: Step[] = [
  ...afiliadoSteps(maria),
  async (s) => viewOf(await s.advance({ step: 'securityImage', imageId: maria.securityImage! })),
  async (s) => viewOf(await s.advance({ step: 'email', mode: 'onFile' })),
  async (s) => viewOf(await s.advance({ step: 'confirmEmail' })),
  async (s, t) => confirmAndPoll(s, t, maria.email!),
  async (s) => viewOf(await s.advance({ step: 'declaration', accepted: true })),
  async (s) => viewOf(await s.advance({ step: 'password', password: PASSWORD, repeat: PASSWORD })),
];
const employerSteps: Step[] = [
  async (s) =>
    viewOf(
      await s.advance({
        step: 'employerIdentify',
        ruc: employer.ruc,
        branch: employer.branch,
        legalRepId: employer.legalRepId,
        presence,
      }),
    ),
  async (s, t) =>
    viewOf(
      await s.advance({
        step: 'employerCode',
        code: /\b\d{6}\b/.exec(t.mailer.mailbox!.latestTo(employer.email)!.text)![0],
      }),
    ),
  async (s) => viewOf(await s.advance({ step: 'declaration', accepted: true })),
  async (s) => viewOf(await s.advance({ step: 'password', password: PASSWORD, repeat: PASSWORD })),
];

async function confirmAndPoll(session: FlowSession, t: Setup, email: string): Promise<FlowView> {
  expect(await t.central.confirmLink(linkIn(t.mailer.mailbox!.latestTo(email)!.text))).toBe(true);
  t.clock.advance(500);
  await session.pollNow();
  return viewOf(session.view());
}

/** Everything typed by, or told about, the person in each flow. */
const personal: Record<FlowKind, string[]> = {
  generate: [
    PEDRO.id,
    PEDRO.fullName,
    PEDRO.birthDate,
    ...PEDRO.challenges.map((c) => c.answer),
    SECURITY_ANSWER,
    EMAIL,
    MOBILE,
    LANDLINE,
    PASSWORD,
  ],
  recover: [
    maria.id,
    maria.fullName,
    maria.birthDate,
    maria.email!,
    'Riobamba',
    ...maria.challenges.map((c) => c.answer),
    PASSWORD,
  ],
  employer: [employer.ruc, employer.legalRepId, employer.name, employer.email, PASSWORD],
};
const stepsOf: Record<FlowKind, Step[]> = { generate: generateSteps, recover: recoverSteps, employer: employerSteps };

/**
 * The session's own memory, serialized: everything but the shared deps and the change callback.
 * Maps and sets are written out too, so a value kept in one is not hidden from the check.
 */
function memoryOf(session: FlowSession): string {
  const { deps: _deps, onChange: _onChange, ...own } = session as unknown as Record<string, unknown>;
  const expand = (_key: string, value: unknown) =>
    value instanceof Map ? [...value.entries()] : value instanceof Set ? [...value] : value;
  return JSON.stringify(own, expand).toLowerCase();
}
const leftIn = (memory: string, values: string[]) => values.filter((v) => memory.includes(v.toLowerCase()));

const endings = {
  cancel: (session: FlowSession) => session.end('cancelled'),
  'idle reset': (session: FlowSession) => session.end('timeout'),
};

describe('the check itself', () => {
  it('finds a personal value kept anywhere in the session, even one a new field forgot to drop', async () => {
    const t = await setup();
    const session = new FlowSession('generate', t.deps, () => {});
    expect(leftIn(memoryOf(session), personal.generate)).toEqual([]);
    // what a careless change could leave behind: a field beside the step, or inside a map
    const planted = session as unknown as Record<string, unknown>;
    planted.lastTyped = { id: PEDRO.id };
    planted.cache = new Map([['k', MOBILE]]);
    session.end('cancelled');
    expect(leftIn(memoryOf(session), personal.generate)).toEqual([PEDRO.id, MOBILE]);
  });
});

describe.each(['generate', 'recover', 'employer'] as const)(
  '%s: nothing personal survives the end of a session',
  (kind) => {
    it.each(Object.keys(endings) as (keyof typeof endings)[])(
      'on every screen, %s forgets the person',
      async (ending) => {
        const t = await setup();
        const steps = stepsOf[kind];
        const screens: string[] = [];
        // one session per screen, each walked from the start and ended there
        for (let depth = 0; depth <= steps.length; depth++) {
          t.clock.set(t.clock.now() + 61_000); // past the per-kiosk BUSCAR limit
          const session = new FlowSession(kind, t.deps, () => {});
          let screen = viewOf(session.view()).screen;
          for (const step of steps.slice(0, depth)) screen = (await step(session, t)).screen;
          screens.push(screen);
          // the search can fail: past BUSCAR (and before the done screen) the session does hold the person
          if (depth > 0 && screen !== 'done')
            expect(leftIn(memoryOf(session), personal[kind]).length).toBeGreaterThan(0);
          endings[ending](session);
          expect(leftIn(memoryOf(session), personal[kind]), `left after ${ending} on ${screen}`).toEqual([]);
          expect(session.personal()).toEqual([]);
        }
        expect(screens.at(-1)).toBe('done');
        expect(new Set(screens).size).toBe(steps.length + 1);
      },
    );

    it('FINALIZAR on the done screen, and the done screen itself, keep nothing of the person', async () => {
      const t = await setup();
      const session = new FlowSession(kind, t.deps, () => {});
      for (const step of stepsOf[kind]) await step(session, t);
      expect(viewOf(session.view()).screen).toBe('done');
      expect(leftIn(memoryOf(session), personal[kind])).toEqual([]);
      session.end('cancelled');
      expect(leftIn(memoryOf(session), personal[kind])).toEqual([]);
    });
  },
);
