import { afterEach, describe, expect, it } from 'vitest';
import { createHarness } from '../../../central/server/testkit';
import type { FlowKind, FlowView, Screen, ViewOf } from '../../contract/flow';
import type { Result } from '../../contract/result';
import { createCatalogSource } from './catalogs';
import type { FlowDeps } from './context';
import { CREDENTIALS_WAIT_MS, outboxCredentialsSink, outboxSessionEvents } from './outbox-sinks';
import { createSlidingLimiter } from './ratelimit';
import { FlowSession, SESSION_MAX_MS } from './session';
import {
  createManualClock,
  eventually,
  openTestParts,
  PEDRO,
  rightAnswersOf,
  seedOf,
  wrapCentral,
  type SeedPerson,
} from './testing';

const presence = { trusted: true as const, via: 'pointer' as const, elapsedMs: 1200 };
const PASSWORD = 'Pichincha7Rio';

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
      question: '¿En qué año realizó su primer aporte al IESS?',
      answer: '1987',
      distractors: ['1985', '1990', '1993'],
    },
    {
      question: '¿Cuál fue su primer empleador?',
      answer: 'Textiles La Escala S.A.',
      distractors: ['Pronaca', 'Banco del Pichincha', 'Almacenes Tía S.A.'],
    },
  ],
  securityImage: 'condor',
  securityAnswers: [
    { questionId: 'q01', answer: 'Firulais' },
    { questionId: 'q02', answer: 'Riobamba' },
  ],
};
const pedro = PEDRO;
const lucia: SeedPerson = {
  ...pedro,
  id: '0962467429',
  fullName: 'Lucía Torres',
  hasPassword: true,
  password: 'Guayas2020x',
  email: 'lucia@example.com',
  dataUpdatedInPerson: false,
};
const employer = {
  ruc: '1790011674001',
  branch: '001',
  legalRepId: '1710034065',
  name: 'Comercial Andina S.A.',
  email: 'rrhh@example.com',
  hasPassword: true,
};

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(people: SeedPerson[] = [maria, pedro, lucia]) {
  const reference = await createHarness({ seed: seedOf(people, [employer]) });
  // one capture mailbox, as in embedded mode: the central's link and codes, the kiosk's notices
  const mailer = reference.mailer;
  cleanups.push(() => reference.close());
  const clock = createManualClock(reference.clock.t);
  const central = wrapCentral(reference, clock.now);
  const parts = await openTestParts({ client: central.client, now: clock.now });
  cleanups.push(() => parts.close());
  const logs: string[] = [];
  const log: FlowDeps['log'] = (event, fields) => logs.push(JSON.stringify({ event, ...fields }));
  const deps: FlowDeps = {
    central: parts.central,
    centralPublicUrl: 'http://central.test',
    now: clock.now,
    schedule: clock.schedule,
    catalogs: createCatalogSource(parts.central, { db: parts.kioskDb }),
    takeLookup: createSlidingLimiter(10, 60_000, clock.now),
    credentialsSink: outboxCredentialsSink(parts.outbox, parts.waits, clock.schedule),
    sessionEvents: outboxSessionEvents(parts.outbox, clock.now, log),
    kioskId: 'KIOSCO-01',
    officeName: 'IESS Quito Centro',
    log,
  };
  const changes: (FlowView | null)[] = [];
  const start = (kind: FlowKind) => new FlowSession(kind, deps, (view) => changes.push(view));
  const mailbox = mailer.mailbox;
  return { clock, central, parts, deps, logs, changes, start, mailbox, mailer };
}

function screen<S extends Screen>(result: Result<FlowView> | Result<FlowView | null>, name: S): ViewOf<S> {
  if (!result.ok) throw new Error(`expected ${name}, got error ${result.error.code}`);
  if (result.value?.screen !== name) throw new Error(`expected ${name}, got ${result.value?.screen}`);
  return result.value as ViewOf<S>;
}

function errorOf(result: Result<unknown>) {
  if (result.ok) throw new Error('expected an error');
  return result.error;
}

const rightAnswers = (person: SeedPerson, view: ViewOf<'challenge'>) => rightAnswersOf(person, view.questions);

/** identify + challenge + ACEPTAR: returns the screen after confirmIdentity */
async function throughIdentity(session: FlowSession, person: SeedPerson) {
  const challenge = screen(
    await session.advance({ step: 'identify', idType: person.idType, id: person.id, presence }),
    'challenge',
  );
  const confirm = screen(await session.advance(rightAnswers(person, challenge)), 'confirmIdentity');
  expect(confirm.maskedName).toBe(
    person.fullName.split(' ')[0] +
      ' ' +
      person.fullName
        .split(' ')
        .slice(1)
        .map((w) => `${w[0]}.`)
        .join(' '),
  );
  return session.advance({ step: 'confirmIdentity' });
}

const linkIn = (text: string) => /https?:\/\/\S+\/activar\/\S+/.exec(text)?.[0] ?? '';

/** Calls a step made: session events drain in the background whatever the step does. */
const flowCalls = (calls: readonly string[]) => calls.filter((c) => c !== 'events');

describe('generate', () => {
  it('runs from identify to done and sends what the trámite asks', async () => {
    const t = await setup();
    const session = t.start('generate');
    expect(screen(session.view(), 'identify').progress).toEqual({ step: 2, total: 11 });

    const bank = screen(await throughIdentity(session, pedro), 'securityQuestions');
    expect(bank.bank).toHaveLength(10);
    expect(bank.minimum).toBe(3);
    expect(bank.progress.step).toBe(5);

    const chosen = ['q01', 'q04', 'q07'];
    const image = screen(
      await session.advance({
        step: 'securityQuestions',
        answers: chosen.map((questionId) => ({ questionId, answer: '  Quitó ' })),
      }),
      'securityImage',
    );
    expect(image.mode).toBe('choose');
    expect(image.progress.step).toBe(6);

    const email = screen(await session.advance({ step: 'securityImage', imageId: 'llama' }), 'email');
    expect(email).toMatchObject({ mode: 'register', askPhone: true });

    const confirm = screen(
      await session.advance({
        step: 'email',
        mode: 'register',
        email: ' Pedro.G@Gmail.COM ',
        confirm: 'pedro.g@gmail.com',
        mobile: '099 123 4567',
        landline: '02-2345678',
      }),
      'confirmEmail',
    );
    expect(confirm.maskedEmail).not.toContain('pedro.g');
    expect(confirm.maskedMobile).toBe('09******67');

    const wait = screen(await session.advance({ step: 'confirmEmail' }), 'activation');
    expect(wait).toMatchObject({
      provider: 'gmail',
      expired: false,
      ttlSeconds: 180,
      resendsLeft: 3,
      progress: { step: 9, total: 11 },
    });
    const mail = t.mailbox.latestTo('Pedro.G@gmail.com')!;
    expect(mail.subject).toContain('ACTIVACIÓN CLAVE');
    const link = linkIn(mail.text);
    expect(link).toContain('/activar/');
    // the link never reaches the screen: not in the view, not in the QR, not in a log
    const token = link.split('/activar/')[1]!;
    expect(JSON.stringify(wait)).not.toContain(token);
    expect(t.logs.join('\n')).not.toContain(token);

    expect(errorOf(await session.advance({ step: 'declaration', accepted: true })).code).toBe('activation_pending');
    await session.pollNow();
    expect(t.changes).toEqual([]);

    expect(await t.central.confirmLink(link)).toBe(true);
    t.clock.advance(500); // the poll timer fires
    await session.pollNow(); // waits for the queued poll; a second poll is a no-op
    expect(t.changes).toHaveLength(1);
    expect(t.changes[0]).toMatchObject({ screen: 'declaration', progress: { step: 10, total: 11 } });

    const password = screen(await session.advance({ step: 'declaration', accepted: true }), 'password');
    expect(password).toMatchObject({ minLength: 8, maxLength: 15 });
    const done = screen(await session.advance({ step: 'password', password: PASSWORD, repeat: PASSWORD }), 'done');
    expect(done).toMatchObject({ finishedAt: t.clock.now(), progress: { step: 11, total: 11 } });

    const sent = t.central.credentials[0]!;
    expect(sent.key).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(sent.body).toMatchObject({
      securityImage: 'llama',
      email: 'Pedro.G@gmail.com',
      mobile: '0991234567',
      landline: '022345678',
    });
    // sealed to the central: the clave and answers are readable only with the central's key
    expect(sent.sealed.sealed).not.toContain(PASSWORD);
    expect(sent.body.password).toBe(PASSWORD);
    expect(sent.body.securityAnswers?.map((a) => a.questionId)).toEqual(chosen);
    // trámite step 6: answers normalised (trim, lower case, no accents); the central hashes them
    expect(sent.body.securityAnswers![0]!.answer).toBe('quito');
    // the change notice, through the outbox's mail loop once the central has the clave
    await eventually('the change notice', () => t.mailbox.list().length === 2);
    expect(t.mailbox.latestTo('pedro.g@gmail.com')!.subject).not.toBe(mail.subject);
    expect(session.personal()).toEqual([]); // the person is forgotten once done
    const logged = t.logs.join('\n');
    for (const secret of [pedro.id, 'pedro.g', PASSWORD, 'quit', pedro.birthDate])
      expect(logged.toLowerCase()).not.toContain(secret.toLowerCase());
  });

  it('refuses a person who already has a clave, and switchKind re-runs BUSCAR as recover', async () => {
    const t = await setup();
    const session = t.start('generate');
    expect(errorOf(await session.advance({ step: 'identify', idType: 'cedula', id: maria.id, presence })).code).toBe(
      'already_has_password',
    );
    const switched = screen(await session.switchKind('recover'), 'challenge');
    expect(switched.kind).toBe('recover');
    expect(switched.progress).toEqual({ step: 3, total: 9 });
    expect(t.central.calls.filter((c) => c === 'lookup')).toHaveLength(2);
  });

  it('checks identifiers locally, presence and the per-kiosk limit before the central', async () => {
    const t = await setup();
    const session = t.start('generate');
    expect(
      errorOf(await session.advance({ step: 'identify', idType: 'cedula', id: '1714307104', presence })).code,
    ).toBe('invalid_id');
    expect(errorOf(await session.advance({ step: 'identify', idType: 'foreigner', id: 'ab-12', presence })).code).toBe(
      'invalid_id',
    );
    expect(flowCalls(t.central.calls)).toEqual([]);
    expect(
      errorOf(
        await session.advance({
          step: 'identify',
          idType: 'cedula',
          id: pedro.id,
          presence: { ...presence, elapsedMs: 0 },
        }),
      ).code,
    ).toBe('presence_required');
    expect(flowCalls(t.central.calls)).toEqual([]);
    for (let i = 0; i < 10; i++) {
      expect(
        errorOf(await session.advance({ step: 'identify', idType: 'foreigner', id: 'ab123456', presence })).code,
      ).toBe('not_found');
      t.clock.set(t.clock.now() + 1000);
    }
    const limited = errorOf(await session.advance({ step: 'identify', idType: 'cedula', id: pedro.id, presence }));
    expect(limited).toEqual({ code: 'rate_limited', retryAfterSeconds: 50 });
    t.clock.set(t.clock.now() + 50_000);
    screen(await session.advance({ step: 'identify', idType: 'cedula', id: pedro.id, presence }), 'challenge');
  });

  it('says central_unavailable and keeps the step when the central is down', async () => {
    const t = await setup();
    const session = t.start('generate');
    t.central.breakRoute('lookup', { kind: 'timeout' });
    expect(errorOf(await session.advance({ step: 'identify', idType: 'cedula', id: pedro.id, presence })).code).toBe(
      'central_unavailable',
    );
    expect(session.state).toBe('identify');
    t.central.heal('lookup');
    screen(await session.advance({ step: 'identify', idType: 'cedula', id: pedro.id, presence }), 'challenge');
  });

  it('draws a fresh set after a wrong answer and locks after 5', async () => {
    const t = await setup();
    const session = t.start('generate');
    let view = screen(
      await session.advance({ step: 'identify', idType: 'cedula', id: pedro.id, presence }),
      'challenge',
    );
    expect(view.attemptsLeft).toBe(5);
    for (let left = 4; left >= 1; left--) {
      const wrong = { ...rightAnswers(pedro, view), birthDay: 1 };
      expect(errorOf(await session.advance(wrong))).toEqual({ code: 'wrong_answers', attemptsLeft: left });
      const fresh = screen(session.view(), 'challenge');
      expect(fresh.questions.map((q) => q.id)).not.toEqual(view.questions.map((q) => q.id));
      expect(fresh.attemptsLeft).toBe(left);
      view = fresh;
    }
    const locked = screen(await session.advance({ ...rightAnswers(pedro, view), answers: [] }), 'locked');
    expect(locked.until).toBeGreaterThan(t.clock.now());
    expect(locked.progress).toEqual({ step: 3, total: 11 });
    expect(errorOf(await session.advance({ step: 'confirmIdentity' })).code).toBe('wrong_step');
  });

  it('shows a locked person the locked screen at BUSCAR', async () => {
    const t = await setup([{ ...pedro, locked: true }]);
    const view = screen(
      await t.start('generate').advance({ step: 'identify', idType: 'cedula', id: pedro.id, presence }),
      'locked',
    );
    // the reference central locks a seeded person for a day from the import
    expect(view).toMatchObject({ until: t.clock.now() + 1440 * 60_000, progress: { step: 2, total: 11 } });
  });

  it('validates security questions, email and phones', async () => {
    const t = await setup();
    const session = t.start('generate');
    screen(await throughIdentity(session, pedro), 'securityQuestions');
    const two = [
      { questionId: 'q01', answer: 'a' },
      { questionId: 'q02', answer: 'b' },
      { questionId: 'q03', answer: '   ' },
    ];
    expect(errorOf(await session.advance({ step: 'securityQuestions', answers: two })).code).toBe('too_few_questions');
    expect(
      errorOf(
        await session.advance({ step: 'securityQuestions', answers: [...two, { questionId: 'nope', answer: 'x' }] }),
      ).code,
    ).toBe('invalid_input');
    screen(
      await session.advance({ step: 'securityQuestions', answers: [...two, { questionId: 'q09', answer: 'c' }] }),
      'securityImage',
    );
    expect(errorOf(await session.advance({ step: 'securityImage', imageId: 'unicornio' })).code).toBe('invalid_input');
    screen(await session.advance({ step: 'securityImage', imageId: 'condor' }), 'email');

    const register = {
      step: 'email' as const,
      mode: 'register' as const,
      email: 'pedro@example.com',
      confirm: 'pedro@example.com',
      mobile: '0991234567',
    };
    expect(errorOf(await session.advance({ step: 'email', mode: 'onFile' })).code).toBe('wrong_step');
    expect(errorOf(await session.advance({ ...register, email: 'pedro@', confirm: 'pedro@' })).code).toBe(
      'email_invalid',
    );
    expect(errorOf(await session.advance({ ...register, email: 'pedro example.com' })).code).toBe('email_invalid');
    expect(errorOf(await session.advance({ ...register, confirm: 'pedro@example.org' })).code).toBe('email_mismatch');
    expect(errorOf(await session.advance({ ...register, mobile: undefined }))).toEqual({
      code: 'phone_invalid',
      field: 'mobile',
    });
    expect(errorOf(await session.advance({ ...register, mobile: '0891234567' }))).toEqual({
      code: 'phone_invalid',
      field: 'mobile',
    });
    expect(errorOf(await session.advance({ ...register, landline: '0123456' }))).toEqual({
      code: 'phone_invalid',
      field: 'landline',
    });
    screen(await session.advance({ ...register, confirm: 'PEDRO@example.com' }), 'confirmEmail');
  });

  it('stays on confirmEmail when the mail cannot go out', async () => {
    const t = await setup();
    const session = await atConfirmEmail(t);
    const send = t.mailer.send.bind(t.mailer);
    t.mailer.send = async () => ({ ok: false, reason: 'unavailable' });
    expect(errorOf(await session.advance({ step: 'confirmEmail' })).code).toBe('mail_unavailable');
    expect(screen(session.view(), 'confirmEmail').maskedEmail).toBe('p***o@e******.com');
    t.mailer.send = send;
    screen(await session.advance({ step: 'confirmEmail' }), 'activation');
  });

  it('limits RESEND to 3, 30 seconds apart, and shows expiry', async () => {
    const t = await setup();
    const session = await atConfirmEmail(t);
    const first = screen(await session.advance({ step: 'confirmEmail' }), 'activation');
    expect(first.resendAvailableAt).toBe(t.clock.now() + 30_000);
    t.clock.set(t.clock.now() + 10_000);
    expect(errorOf(await session.resend())).toEqual({ code: 'rate_limited', retryAfterSeconds: 20 });
    for (let left = 2; left >= 0; left--) {
      t.clock.set(t.clock.now() + 30_000);
      expect(screen(await session.resend(), 'activation').resendsLeft).toBe(left);
    }
    const links = t.mailbox.list().map((m) => linkIn(m.text));
    expect(new Set(links).size).toBe(4); // every resend is a new link
    t.clock.set(t.clock.now() + 30_000);
    expect(errorOf(await session.resend()).code).toBe('resend_limit');

    // the link dies after 3 minutes: the waiting screen says so by itself
    t.clock.advance(180_000);
    await session.pollNow();
    expect(t.changes.at(-1)).toMatchObject({ screen: 'activation', expired: true });
    expect(errorOf(await session.advance({ step: 'declaration', accepted: true })).code).toBe('activation_expired');
    expect(t.clock.pending()).toBe(1); // only the session expiry: polling stopped
  });

  it('checks the password policy; a central out of reach at GENERAR gets the clave once it answers again', async () => {
    const t = await setup();
    const session = t.start('generate');
    await walkToPassword(t, session);
    const refused = errorOf(
      await session.advance({ step: 'password', password: `A${pedro.id}`, repeat: `A${pedro.id}` }),
    );
    expect(refused.code).toBe('password_policy');
    expect(refused.rules).toContain('personal');
    expect(errorOf(await session.advance({ step: 'password', password: 'short', repeat: 'short' })).rules).toContain(
      'length',
    );
    expect(errorOf(await session.advance({ step: 'password', password: PASSWORD, repeat: 'Pichincha7Ri' })).code).toBe(
      'password_mismatch',
    );

    // the central cannot be reached at GENERAR: done, pending; the clave waits in the outbox
    t.central.breakRoute('events');
    const timers = t.clock.pending();
    const generating = session.advance({ step: 'password', password: PASSWORD, repeat: PASSWORD });
    // the brief wait for the drain runs out on the test's clock
    await eventually('GENERAR waits for the drain', () => t.clock.pending() > timers);
    t.clock.advance(CREDENTIALS_WAIT_MS);
    expect(screen(await generating, 'done').pending).toBe(true);
    expect(t.central.credentials).toHaveLength(0);
    t.central.heal('events');
    // the next answer of the central is the network's return: the row goes, once, under its key
    await t.deps.catalogs();
    await eventually('the clave reaches the central', () => t.central.credentials.length === 1);
    expect(t.central.credentials[0]!.key).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(t.central.calls.filter((c) => c === 'credentials')).toHaveLength(0);
  });

  it('refuses steps out of order', async () => {
    const t = await setup();
    const session = t.start('generate');
    expect(errorOf(await session.advance({ step: 'password', password: PASSWORD, repeat: PASSWORD })).code).toBe(
      'wrong_step',
    );
    expect(errorOf(await session.advance({ step: 'declaration', accepted: true })).code).toBe('wrong_step');
    expect(errorOf(await session.resend()).code).toBe('wrong_step');
    expect(errorOf(await session.switchKind('employer')).code).toBe('wrong_step');
    expect(flowCalls(t.central.calls)).toEqual([]);
  });

  it('forgets everything when the session ends or expires', async () => {
    const t = await setup();
    const session = t.start('generate');
    await throughIdentity(session, pedro);
    // the birth date never reaches the kiosk: the central's check refuses a clave holding it
    expect(session.personal()).toEqual([pedro.id]);
    t.clock.advance(SESSION_MAX_MS);
    expect(t.changes).toEqual([null]);
    expect(session.personal()).toEqual([]);
    expect(errorOf(session.view()).code).toBe('no_session');
  });
});

describe('central failures', () => {
  it('keeps the step when catalogs cannot be had', async () => {
    const t = await setup();
    const session = t.start('generate');
    t.central.breakRoute('catalogs');
    expect(errorOf(await throughIdentity(session, pedro)).code).toBe('central_unavailable');
    expect(session.state).toBe('confirmIdentity');
    t.central.heal('catalogs');
    screen(await session.advance({ step: 'confirmIdentity' }), 'securityQuestions');
  });

  it('after a wrong answer with no fresh set to be had, the next try draws one instead of checking', async () => {
    const t = await setup();
    const session = t.start('generate');
    const first = screen(
      await session.advance({ step: 'identify', idType: 'cedula', id: pedro.id, presence }),
      'challenge',
    );
    t.central.breakRoute('challenge');
    expect(errorOf(await session.advance({ ...rightAnswers(pedro, first), birthDay: 9 }))).toEqual({
      code: 'wrong_answers',
      attemptsLeft: 4,
    });
    expect(errorOf(await session.advance(rightAnswers(pedro, first))).code).toBe('central_unavailable');
    t.central.heal('challenge');
    const fresh = screen(await session.advance(rightAnswers(pedro, first)), 'challenge');
    expect(fresh.questions[0]!.id).not.toBe(first.questions[0]!.id);
    expect(t.central.calls.filter((c) => c === 'verify')).toHaveLength(1);
    screen(await session.advance(rightAnswers(pedro, fresh)), 'confirmIdentity');
  });

  it('ends the session when the verification grant is spent', async () => {
    const t = await setup();
    const session = await atConfirmEmail(t);
    t.central.breakRoute('activationStart', { kind: 'rejected', status: 403, error: 'grant_invalid' });
    expect(errorOf(await session.advance({ step: 'confirmEmail' })).code).toBe('no_session');
    expect(session.isEnded).toBe(true);
    expect(session.personal()).toEqual([]);
  });
});

describe('recover', () => {
  it('picks the own image, uses the address on file and finishes', async () => {
    const t = await setup();
    const session = t.start('recover');
    const pick = screen(await throughIdentity(session, maria), 'securityImage');
    expect(pick).toMatchObject({ mode: 'pick', progress: { step: 5, total: 10 } });
    expect(pick.images).toHaveLength(9);
    // the central offers 9 of its images, the person's own among them, drawn afresh each time
    expect(pick.images).toContain(maria.securityImage);
    const wrongImage = pick.images.find((i) => i !== maria.securityImage)!;
    expect(errorOf(await session.advance({ step: 'securityImage', imageId: wrongImage }))).toEqual({
      code: 'wrong_answers',
      attemptsLeft: 4,
    });
    expect(screen(session.view(), 'securityImage').attemptsLeft).toBe(4);
    const email = screen(await session.advance({ step: 'securityImage', imageId: 'condor' }), 'email');
    expect(email).toEqual({
      kind: 'recover',
      canGoBack: true,
      progress: { step: 6, total: 10 },
      screen: 'email',
      mode: 'onFile',
      maskedEmail: 'm***a@e******.com',
      askPhone: false,
    });
    expect(
      errorOf(
        await session.advance({ step: 'email', mode: 'register', email: 'x@example.com', confirm: 'x@example.com' }),
      ).code,
    ).toBe('wrong_step');
    screen(await session.advance({ step: 'email', mode: 'onFile' }), 'confirmEmail');
    screen(await session.advance({ step: 'confirmEmail' }), 'activation');
    await t.central.confirmLink(linkIn(t.mailbox.latestTo(maria.email!)!.text));
    t.clock.advance(500);
    await session.pollNow();
    expect(t.changes.at(-1)).toMatchObject({ screen: 'declaration', progress: { step: 9, total: 10 } });
    screen(await session.advance({ step: 'declaration', accepted: true }), 'password');
    screen(await session.advance({ step: 'password', password: PASSWORD, repeat: PASSWORD }), 'done');
    const body = t.central.credentials[0]!.body;
    expect(body.email).toBeUndefined(); // the address on file is not re-registered
    expect(body.securityAnswers).toBeUndefined();
  });

  it('goes straight to email when there is no image, and refuses a person without a clave', async () => {
    const t = await setup();
    const session = t.start('recover');
    expect(errorOf(await session.advance({ step: 'identify', idType: 'cedula', id: pedro.id, presence })).code).toBe(
      'no_password_yet',
    );
    const email = screen(await throughIdentity(t.start('recover'), lucia), 'email');
    expect(email).toMatchObject({ mode: 'register', askPhone: false, progress: { step: 5, total: 9 } });
  });
});

describe('employer', () => {
  const identify = {
    step: 'employerIdentify' as const,
    ruc: employer.ruc,
    branch: employer.branch,
    legalRepId: employer.legalRepId,
    presence,
  };
  const codeIn = (t: Setup) => /\b\d{6}\b/.exec(t.mailbox.latestTo(employer.email)!.text)![0];

  it('runs RUC → code → declaration → password → done', async () => {
    const t = await setup();
    const session = t.start('employer');
    expect(screen(session.view(), 'employerIdentify').progress).toEqual({ step: 2, total: 5 });
    const code = screen(await session.advance(identify), 'employerCode');
    expect(code).toMatchObject({
      maskedEmail: 'r***h@e******.com',
      attemptsLeft: 5,
      resendsLeft: 3,
      progress: { step: 3, total: 5 },
    });
    expect(JSON.stringify(code)).not.toContain(codeIn(t));
    screen(await session.advance({ step: 'employerCode', code: codeIn(t) }), 'declaration');
    screen(await session.advance({ step: 'declaration', accepted: true }), 'password');
    expect(session.personal()).toEqual([employer.ruc, employer.legalRepId]);
    expect(
      errorOf(await session.advance({ step: 'password', password: `x${employer.ruc}`, repeat: `x${employer.ruc}` }))
        .rules,
    ).toContain('personal');
    expect(
      screen(await session.advance({ step: 'password', password: PASSWORD, repeat: PASSWORD }), 'done').progress,
    ).toEqual({ step: 5, total: 5 });
    expect(Object.keys(t.central.credentials[0]!.body).sort()).toEqual(['password', 'sealedAt']); // an employer sends the clave alone
  });

  it('checks fields locally and never says which one mismatched', async () => {
    const t = await setup();
    const session = t.start('employer');
    expect(errorOf(await session.advance({ ...identify, ruc: '179001167400' }))).toEqual({
      code: 'invalid_id',
      field: 'ruc',
    });
    expect(errorOf(await session.advance({ ...identify, branch: '000' }))).toEqual({
      code: 'invalid_id',
      field: 'branch',
    });
    expect(errorOf(await session.advance({ ...identify, legalRepId: '1714307104' }))).toEqual({
      code: 'invalid_id',
      field: 'legalRepId',
    });
    expect(errorOf(await session.advance({ ...identify, presence: { ...presence, elapsedMs: 0 } })).code).toBe(
      'presence_required',
    );
    expect(flowCalls(t.central.calls)).toEqual([]);
    expect(errorOf(await session.advance({ ...identify, legalRepId: '1714307103' }))).toEqual({
      code: 'employer_mismatch',
    });
  });

  it('counts wrong codes, reports expiry and locks after 5', async () => {
    const t = await setup();
    const session = t.start('employer');
    screen(await session.advance(identify), 'employerCode');
    const wrong = codeIn(t) === '000000' ? '111111' : '000000';
    expect(errorOf(await session.advance({ step: 'employerCode', code: wrong }))).toEqual({
      code: 'code_wrong',
      attemptsLeft: 4,
    });
    t.clock.set(t.clock.now() + 600_000);
    expect(errorOf(await session.advance({ step: 'employerCode', code: codeIn(t) })).code).toBe('code_expired');
    const resent = screen(await session.resend(), 'employerCode');
    expect(resent).toMatchObject({ attemptsLeft: 4, resendsLeft: 2 });
    for (let left = 3; left >= 1; left--) {
      expect(errorOf(await session.advance({ step: 'employerCode', code: wrong }))).toEqual({
        code: 'code_wrong',
        attemptsLeft: left,
      });
    }
    expect(screen(await session.advance({ step: 'employerCode', code: wrong }), 'locked').progress).toEqual({
      step: 3,
      total: 5,
    });
  });
});

type Setup = Awaited<ReturnType<typeof setup>>;

async function atConfirmEmail(t: Setup): Promise<FlowSession> {
  const session = t.start('generate');
  await throughIdentity(session, pedro);
  await session.advance({
    step: 'securityQuestions',
    answers: ['q01', 'q02', 'q03'].map((questionId) => ({ questionId, answer: 'x' })),
  });
  await session.advance({ step: 'securityImage', imageId: 'condor' });
  screen(
    await session.advance({
      step: 'email',
      mode: 'register',
      email: 'pedro@example.com',
      confirm: 'pedro@example.com',
      mobile: '0991234567',
    }),
    'confirmEmail',
  );
  return session;
}

async function walkToPassword(t: Setup, session: FlowSession): Promise<void> {
  await throughIdentity(session, pedro);
  await session.advance({
    step: 'securityQuestions',
    answers: ['q01', 'q02', 'q03'].map((questionId) => ({ questionId, answer: 'x' })),
  });
  await session.advance({ step: 'securityImage', imageId: 'condor' });
  await session.advance({
    step: 'email',
    mode: 'register',
    email: 'pedro@example.com',
    confirm: 'pedro@example.com',
    mobile: '0991234567',
  });
  await session.advance({ step: 'confirmEmail' });
  await t.central.confirmLink(linkIn(t.mailbox.latestTo('pedro@example.com')!.text));
  t.clock.advance(500);
  await session.pollNow();
  screen(await session.advance({ step: 'declaration', accepted: true }), 'password');
}
