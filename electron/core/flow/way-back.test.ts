/**
 * "Volver", "Corregir" and "No soy yo" (the way back), tried as an attacker would: going back
 * never gives a second set of attempts, never skips a step, never keeps a grant for a person who
 * said "No soy yo", and never leads back past the activation once the mail factor is proven.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createHarness } from '../../../central/server/testkit';
import type { FlowView, Screen, ViewOf } from '../../contract/flow';
import type { Result } from '../../contract/result';
import { createCatalogSource } from './catalogs';
import type { FlowDeps } from './context';
import { outboxCredentialsSink, outboxSessionEvents } from './outbox-sinks';
import { createSlidingLimiter } from './ratelimit';
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
const EMAIL = 'pedro.volver@example.com';
const TYPO = 'pedro.volber@example.com';
const MOBILE = '0991234567';
const PASSWORD = 'Pichincha7Rio';
/** A second person generating: "No soy yo" from Pedro, then Carmen identifies herself. */
const carmen: SeedPerson = {
  ...PEDRO,
  id: '0962467429',
  fullName: 'Carmen Rosa Villamar',
  birthDate: '1975-11-23',
  challenges: [
    { question: '¿En qué provincia se afilió al IESS?', answer: 'Guayas', distractors: ['Azuay', 'Loja', 'Manabí'] },
  ],
};
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

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup() {
  const reference = await createHarness({ seed: seedOf([PEDRO, carmen, maria]) });
  cleanups.push(() => reference.close());
  const clock = createManualClock(reference.clock.t);
  const central = wrapCentral(reference, clock.now);
  const parts = await openTestParts({ client: central.client, now: clock.now });
  cleanups.push(() => parts.close());
  const deps: FlowDeps = {
    central: parts.central,
    centralPublicUrl: 'http://central.test',
    now: clock.now,
    schedule: clock.schedule,
    catalogs: createCatalogSource(parts.central, { db: parts.kioskDb }),
    takeLookup: createSlidingLimiter(100, 60_000, clock.now),
    credentialsSink: outboxCredentialsSink(parts.outbox, parts.waits, clock.schedule),
    sessionEvents: outboxSessionEvents(parts.outbox, clock.now, () => {}),
    kioskId: 'KIOSCO-01',
    officeName: 'IESS Quito Centro',
    log: () => {},
  };
  return {
    clock,
    central,
    reference,
    deps,
    start: (kind: 'generate' | 'recover') => new FlowSession(kind, deps, () => {}),
  };
}

function screen<S extends Screen>(result: Result<FlowView>, name: S): ViewOf<S> {
  if (!result.ok) throw new Error(`expected ${name}, got error ${result.error.code}`);
  if (result.value.screen !== name) throw new Error(`expected ${name}, got ${result.value.screen}`);
  return result.value as ViewOf<S>;
}
const codeOf = (result: Result<unknown>) => (result.ok ? 'ok' : result.error.code);
const memoryOf = (session: FlowSession) => {
  const { deps: _deps, onChange: _onChange, ...own } = session as unknown as Record<string, unknown>;
  return JSON.stringify(own);
};
/** The grant the session holds now (test-only look inside): what an attacker would want to keep. */
const grantIn = (session: FlowSession) => /"grant":"([^"]+)"/.exec(memoryOf(session))?.[1] ?? null;

async function toChallenge(session: FlowSession, person: SeedPerson) {
  return screen(await session.advance({ step: 'identify', idType: 'cedula', id: person.id, presence }), 'challenge');
}
async function toConfirmIdentity(session: FlowSession, person: SeedPerson) {
  const challenge = await toChallenge(session, person);
  return screen(await session.advance(rightAnswersOf(person, challenge.questions)), 'confirmIdentity');
}
async function toEmail(session: FlowSession) {
  await toConfirmIdentity(session, PEDRO);
  screen(await session.advance({ step: 'confirmIdentity' }), 'securityQuestions');
  const answers = ['q01', 'q02', 'q03'].map((questionId) => ({ questionId, answer: 'Firulais' }));
  screen(await session.advance({ step: 'securityQuestions', answers }), 'securityImage');
  return screen(await session.advance({ step: 'securityImage', imageId: 'condor' }), 'email');
}
const register = (email: string) => ({
  step: 'email' as const,
  mode: 'register' as const,
  email,
  confirm: email,
  mobile: MOBILE,
});

describe('the way back', () => {
  it('"Corregir" on the email confirm goes back to the email with what was typed, and the corrected address is the one mailed', async () => {
    const t = await setup();
    const session = t.start('generate');
    await toEmail(session);
    const confirm = screen(await session.advance(register(TYPO)), 'confirmEmail');
    // shown in full and large so the typo is seen before the mail goes out
    expect(confirm).toMatchObject({ email: TYPO, canGoBack: true });
    const back = screen(await session.back(), 'email');
    expect(back.typed).toEqual({ email: TYPO, mobile: MOBILE });
    expect(back.canGoBack).toBe(true);
    // no skipping: the confirm step is not there to be answered from the email screen
    expect(codeOf(await session.advance({ step: 'confirmEmail' }))).toBe('wrong_step');
    screen(await session.advance(register(EMAIL)), 'confirmEmail');
    screen(await session.advance({ step: 'confirmEmail' }), 'activation');
    expect(t.reference.mailer.mailbox!.latestTo(TYPO)).toBeUndefined();
    expect(t.reference.mailer.mailbox!.latestTo(EMAIL)?.subject).toContain('ACTIVACIÓN');
  });

  it('goes back through the setup screens keeping the answers and the image, then forward again', async () => {
    const t = await setup();
    const session = t.start('generate');
    await toEmail(session);
    screen(await session.back(), 'securityImage');
    screen(await session.back(), 'securityQuestions');
    expect(memoryOf(session)).toContain('firulais'); // the answers given are kept, normalised
    screen(await session.back(), 'confirmIdentity');
    // the identity confirm has no "Volver" onto the counted challenge: "No soy yo" instead
    expect(codeOf(await session.back())).toBe('wrong_step');
    screen(await session.advance({ step: 'confirmIdentity' }), 'securityQuestions');
  });

  it('has no way back once the mail went out, nor after the activation is confirmed', async () => {
    const t = await setup();
    const session = t.start('generate');
    await toEmail(session);
    screen(await session.advance(register(EMAIL)), 'confirmEmail');
    const wait = screen(await session.advance({ step: 'confirmEmail' }), 'activation');
    expect(wait.canGoBack).toBeUndefined();
    expect(codeOf(await session.back())).toBe('wrong_step');
    const link = /https?:\/\/\S+\/activar\/\S+/.exec(t.reference.mailer.mailbox!.latestTo(EMAIL)!.text)![0];
    expect(await t.central.confirmLink(link)).toBe(true);
    t.clock.advance(500);
    await session.pollNow();
    const declaration = screen(session.view(), 'declaration');
    expect(declaration.canGoBack).toBeUndefined();
    expect(codeOf(await session.back())).toBe('wrong_step');
    const password = screen(await session.advance({ step: 'declaration', accepted: true }), 'password');
    expect(password.canGoBack).toBe(true);
    screen(await session.back(), 'declaration');
    // the proven activation is not asked for again, and nothing before it is reachable
    expect(codeOf(await session.advance({ step: 'confirmEmail' }))).toBe('wrong_step');
    screen(await session.advance({ step: 'declaration', accepted: true }), 'password');
    screen(await session.advance({ step: 'password', password: PASSWORD, repeat: PASSWORD }), 'done');
  });

  it('Volver from the challenge gives no fresh attempts: the central still counts the wrong ones', async () => {
    const t = await setup();
    const session = t.start('generate');
    const first = await toChallenge(session, PEDRO);
    const wrong = { ...rightAnswersOf(PEDRO, first.questions), birthDay: 28 };
    expect(codeOf(await session.advance(wrong))).toBe('wrong_answers');
    const after = screen(session.view(), 'challenge').attemptsLeft;
    expect(after).toBe(first.attemptsLeft - 1);
    const identify = screen(await session.back(), 'identify');
    expect(identify.canGoBack).toBeUndefined();
    expect(memoryOf(session)).not.toContain(PEDRO.id); // the look-up is dropped
    const again = await toChallenge(session, PEDRO);
    expect(again.attemptsLeft).toBe(after);
  });

  it('a wrong image pick stays counted after going back and picking again', async () => {
    const t = await setup();
    const session = t.start('recover');
    await toConfirmIdentity(session, maria);
    const pick = screen(await session.advance({ step: 'confirmIdentity' }), 'securityImage');
    const wrongImage = pick.images.find((id) => id !== maria.securityImage)!;
    expect(codeOf(await session.advance({ step: 'securityImage', imageId: wrongImage }))).toBe('wrong_answers');
    const left = screen(session.view(), 'securityImage').attemptsLeft!;
    screen(await session.back(), 'confirmIdentity');
    screen(await session.advance({ step: 'confirmIdentity' }), 'securityImage');
    const wrongAgain = await session.advance({ step: 'securityImage', imageId: wrongImage });
    expect(wrongAgain.ok ? null : wrongAgain.error).toEqual({ code: 'wrong_answers', attemptsLeft: left - 1 });
    // and the email screen goes back to the pick, which is checked again on the way forward
    screen(await session.advance({ step: 'securityImage', imageId: maria.securityImage! }), 'email');
    screen(await session.back(), 'securityImage');
    expect(codeOf(await session.advance({ step: 'email', mode: 'onFile' }))).toBe('wrong_step');
  });

  it('"No soy yo" drops the person and the grant; and the next person goes on under their own', async () => {
    const t = await setup();
    const session = t.start('generate');
    const shown = await toConfirmIdentity(session, PEDRO);
    const pedroGrant = grantIn(session);
    expect(pedroGrant).not.toBeNull();
    const identify = screen(await session.disown(), 'identify');
    expect(identify).not.toHaveProperty('typed');
    const memory = memoryOf(session);
    for (const value of [PEDRO.id, PEDRO.fullName, shown.maskedName, pedroGrant!]) expect(memory).not.toContain(value);
    // nothing of Pedro's step can be answered any more
    expect(codeOf(await session.advance({ step: 'confirmIdentity' }))).toBe('wrong_step');
    expect(codeOf(await session.disown())).toBe('wrong_step');
    // Carmen identifies herself and goes on under her own grant
    await toConfirmIdentity(session, carmen);
    const carmenGrant = grantIn(session);
    expect(carmenGrant).not.toBe(pedroGrant);
    screen(await session.advance({ step: 'confirmIdentity' }), 'securityQuestions');
  });

  it('"No soy yo" is refused where no looked-up identity is shown', async () => {
    const t = await setup();
    const session = t.start('generate');
    expect(codeOf(await session.disown())).toBe('wrong_step');
    await toChallenge(session, PEDRO);
    expect(codeOf(await session.disown())).toBe('wrong_step');
  });
});
