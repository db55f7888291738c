import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../central/server/testkit';
import type { Mailer } from '../../../central/server/mail/types';
import type { SmsSender } from '../../../central/server/sms/types';
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

/** The SMS code beside the activation link, walked against the real in-process central. */
const presence = { trusted: true as const, via: 'pointer' as const, elapsedMs: 1200 };
const PASSWORD = 'Pichincha7Rio';
const MOBILE = '0991234567';

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
  ],
  securityImage: null,
  mobile: MOBILE,
};
// generating: the central holds a mobile for him, the kiosk registers a new address
const pedro: SeedPerson = { ...PEDRO, mobile: '0987654321' };
// no mobile on file: the link is the only way
const lucia: SeedPerson = { ...maria, id: '0962467429', fullName: 'Lucía Torres', email: 'lucia@example.com' };
delete (lucia as { mobile?: string }).mobile;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup() {
  const reference: Harness = await createHarness({ seed: seedOf([maria, pedro, lucia]) });
  cleanups.push(() => reference.close());
  const clock = createManualClock(reference.clock.t);
  const central = wrapCentral(reference, clock.now);
  const parts = await openTestParts({ client: central.client, now: clock.now });
  cleanups.push(() => parts.close());
  const log: FlowDeps['log'] = () => {};
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
  const start = (kind: 'generate' | 'recover') => new FlowSession(kind, deps, (view) => changes.push(view));
  /** the code in the last SMS to `mobile`, as the person reads it on their phone */
  const codeTo = (mobile: string) => /\b(\d{6})\b/.exec(reference.deps.sms.outbox?.latestTo(mobile)?.text ?? '')?.[1];
  return { reference, clock, central, changes, start, codeTo };
}

function screen<S extends Screen>(result: Result<FlowView>, name: S): ViewOf<S> {
  if (!result.ok) throw new Error(`expected ${name}, got error ${result.error.code}`);
  if (result.value.screen !== name) throw new Error(`expected ${name}, got ${result.value.screen}`);
  return result.value as ViewOf<S>;
}

function errorOf(result: Result<unknown>) {
  if (result.ok) throw new Error('expected an error');
  return result.error;
}

/** recover with the address on file, up to the activation wait */
async function toActivation(session: FlowSession, person: SeedPerson) {
  const challenge = screen(
    await session.advance({ step: 'identify', idType: person.idType, id: person.id, presence }),
    'challenge',
  );
  screen(await session.advance(rightAnswersOf(person, challenge.questions)), 'confirmIdentity');
  screen(await session.advance({ step: 'confirmIdentity' }), 'email');
  screen(await session.advance({ step: 'email', mode: 'onFile' }), 'confirmEmail');
  return screen(await session.advance({ step: 'confirmEmail' }), 'activation');
}

const send = { step: 'activation', sms: 'send', locale: 'es-EC' } as const;
const verify = (code: string) => ({ step: 'activation', sms: 'verify', code }) as const;
const wrongOf = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

describe('the SMS code beside the activation link', () => {
  it('offers the masked number, sends a code and a right code moves on to the declaration', async () => {
    const t = await setup();
    const session = t.start('recover');
    const wait = await toActivation(session, maria);
    expect(wait.sms).toEqual({ phase: 'offered', maskedMobile: '09*****567' });
    expect(JSON.stringify(wait)).not.toContain(MOBILE);
    // the keypad is not there before a code was asked for
    expect(errorOf(await session.advance(verify('123456'))).code).toBe('wrong_step');

    const keypad = screen(await session.advance(send), 'activation');
    expect(keypad.sms).toMatchObject({ phase: 'code', maskedMobile: '09*****567', expired: false, attemptsLeft: 5 });
    const code = t.codeTo(MOBILE);
    expect(code).toMatch(/^\d{6}$/);
    expect(JSON.stringify(keypad)).not.toContain(code);

    expect(errorOf(await session.advance(verify(wrongOf(code!))))).toEqual({ code: 'sms_code_wrong', attemptsLeft: 4 });
    expect(screen(session.view(), 'activation').sms).toMatchObject({ phase: 'code', attemptsLeft: 4 });
    // a RESEND before its time is refused by the kiosk, with the wait
    expect(errorOf(await session.advance(send)).code).toBe('rate_limited');

    const declaration = screen(await session.advance(verify(code!)), 'declaration');
    expect(declaration.progress.step).toBeGreaterThan(wait.progress.step);
    screen(await session.advance({ step: 'declaration', accepted: true }), 'password');
    screen(await session.advance({ step: 'password', password: PASSWORD, repeat: PASSWORD }), 'done');
    expect(t.central.credentials).toHaveLength(1);
    expect(t.central.calls).toContain('smsVerify');
  });

  it('leaves the typed address out of GENERAR after an SMS confirmation, keeping the phones', async () => {
    const t = await setup();
    const session = t.start('generate');
    const challenge = screen(
      await session.advance({ step: 'identify', idType: 'cedula', id: pedro.id, presence }),
      'challenge',
    );
    screen(await session.advance(rightAnswersOf(pedro, challenge.questions)), 'confirmIdentity');
    screen(await session.advance({ step: 'confirmIdentity' }), 'securityQuestions');
    const answers = ['q01', 'q04', 'q07'].map((questionId) => ({ questionId, answer: 'Quito' }));
    screen(await session.advance({ step: 'securityQuestions', answers }), 'securityImage');
    screen(await session.advance({ step: 'securityImage', imageId: 'llama' }), 'email');
    screen(
      await session.advance({
        step: 'email',
        mode: 'register',
        email: 'pedro@example.com',
        confirm: 'pedro@example.com',
        mobile: '0998887766',
      }),
      'confirmEmail',
    );
    const wait = screen(await session.advance({ step: 'confirmEmail' }), 'activation');
    expect(wait.sms).toEqual({ phase: 'offered', maskedMobile: '09*****321' });
    screen(await session.advance(send), 'activation');
    screen(await session.advance(verify(t.codeTo(pedro.mobile!)!)), 'declaration');
    screen(await session.advance({ step: 'declaration', accepted: true }), 'password');
    const done = screen(await session.advance({ step: 'password', password: PASSWORD, repeat: PASSWORD }), 'done');
    // the central took it: an address nobody proved would have been refused (409)
    expect(done.pending).toBeUndefined();
    const body = t.central.credentials[0]!.body;
    expect(body.email).toBeUndefined();
    expect(body.mobile).toBe('0998887766');
    expect(body.securityAnswers).toHaveLength(3);
  });

  it('closes the SMS after 5 wrong codes, and the email link still works', async () => {
    const t = await setup();
    const session = t.start('recover');
    await toActivation(session, maria);
    screen(await session.advance(send), 'activation');
    const wrong = wrongOf(t.codeTo(MOBILE)!);
    for (const left of [4, 3, 2, 1])
      expect(errorOf(await session.advance(verify(wrong)))).toEqual({ code: 'sms_code_wrong', attemptsLeft: left });
    const closed = screen(await session.advance(verify(wrong)), 'activation');
    expect(closed.sms).toMatchObject({ phase: 'closed', reason: 'locked' });
    expect(closed.expired).toBe(false);
    // neither a code nor a new SMS is taken any more
    expect(errorOf(await session.advance(verify(t.codeTo(MOBILE)!))).code).toBe('wrong_step');
    expect(errorOf(await session.advance(send)).code).toBe('wrong_step');

    const mail = t.reference.mailer.mailbox.latestTo(maria.email!)!;
    const link = /https?:\/\/\S+\/activar\/\S+/.exec(mail.text)![0];
    expect(await t.central.confirmLink(link)).toBe(true);
    t.clock.advance(500);
    await session.pollNow();
    expect(t.changes.at(-1)).toMatchObject({ screen: 'declaration' });
  });

  it('says an expired code is expired and offers RESEND, whose new code works', async () => {
    const t = await setup();
    const session = t.start('recover');
    await toActivation(session, maria);
    screen(await session.advance(send), 'activation');
    const first = t.codeTo(MOBILE)!;
    t.clock.set(t.clock.now() + 5 * 60_000 + 1000);
    const expired = screen(await session.advance(verify(first)), 'activation');
    expect(expired.sms).toMatchObject({ phase: 'code', expired: true, attemptsLeft: 5 });

    const again = screen(await session.advance(send), 'activation');
    expect(again.sms).toMatchObject({ phase: 'code', expired: false });
    const second = t.codeTo(MOBILE)!;
    expect(second).toMatch(/^\d{6}$/);
    if (second !== first) expect(errorOf(await session.advance(verify(first))).code).toBe('sms_code_wrong');
    screen(await session.advance(verify(second)), 'declaration');
  });

  it('explains an SMS centre that is down and keeps the email link and the choice', async () => {
    const t = await setup();
    const session = t.start('recover');
    await toActivation(session, maria);
    const working = t.reference.deps.sms;
    const down: SmsSender = {
      outbox: null,
      send: async () => ({ ok: false, reason: 'unavailable' }),
      close: async () => {},
    };
    t.reference.deps.sms = down;
    expect(errorOf(await session.advance(send)).code).toBe('sms_unavailable');
    expect(screen(session.view(), 'activation').sms).toEqual({ phase: 'offered', maskedMobile: '09*****567' });
    t.reference.deps.sms = working;
    expect(screen(await session.advance(send), 'activation').sms).toMatchObject({ phase: 'code' });
  });

  it('the activation mail cannot be sent: the SMS code is offered all the same, and it confirms', async () => {
    const t = await setup();
    const session = t.start('recover');
    const working = t.reference.deps.mailer;
    const mailDown: Mailer = { mailbox: null, send: async () => ({ ok: false, reason: 'unavailable' }), close() {} };
    t.reference.deps.mailer = mailDown;
    const wait = await toActivation(session, maria);
    // no link went out: nothing to count down or poll, and the screen says the mail was not sent
    expect(wait).toMatchObject({ mailNotSent: true, expired: true });
    expect(wait.sms).toEqual({ phase: 'offered', maskedMobile: '09*****567' });
    expect(t.reference.mailer.mailbox.latestTo(maria.email!)).toBeUndefined();
    // no proof yet: the declaration is refused, and no poll can confirm a link that never went out
    expect(errorOf(await session.advance({ step: 'declaration', accepted: true })).code).toBe('activation_expired');
    t.clock.advance(500);
    await session.pollNow();
    expect(screen(session.view(), 'activation').mailNotSent).toBe(true);
    expect(t.central.calls).not.toContain('activationStatus');

    screen(await session.advance(send), 'activation');
    screen(await session.advance(verify(t.codeTo(MOBILE)!)), 'declaration');
    t.reference.deps.mailer = working;
  });

  it('the activation mail cannot be sent and the mail comes back: RESEND sends it, and the wait is a real one', async () => {
    const t = await setup();
    const session = t.start('recover');
    const working = t.reference.deps.mailer;
    t.reference.deps.mailer = { mailbox: null, send: async () => ({ ok: false, reason: 'unavailable' }), close() {} };
    await toActivation(session, maria);
    t.reference.deps.mailer = working;
    const sent = screen(await session.resend(), 'activation');
    expect(sent.mailNotSent).toBeUndefined();
    expect(sent.expired).toBe(false);
    expect(t.reference.mailer.mailbox.latestTo(maria.email!)).toBeDefined();
  });

  it('the activation mail cannot be sent and no SMS is to be had: the mail’s error, on the same step', async () => {
    const t = await setup();
    const session = t.start('recover');
    t.reference.deps.mailer = { mailbox: null, send: async () => ({ ok: false, reason: 'unavailable' }), close() {} };
    const challenge = screen(
      await session.advance({ step: 'identify', idType: lucia.idType, id: lucia.id, presence }),
      'challenge',
    );
    screen(await session.advance(rightAnswersOf(lucia, challenge.questions)), 'confirmIdentity');
    screen(await session.advance({ step: 'confirmIdentity' }), 'email');
    screen(await session.advance({ step: 'email', mode: 'onFile' }), 'confirmEmail');
    expect(errorOf(await session.advance({ step: 'confirmEmail' })).code).toBe('mail_unavailable');
    screen(session.view(), 'confirmEmail');
  });

  it('offers no SMS when the central holds no mobile', async () => {
    const t = await setup();
    const session = t.start('recover');
    const wait = await toActivation(session, lucia);
    expect(wait.sms).toBeUndefined();
    expect(errorOf(await session.advance(send)).code).toBe('wrong_step');
    expect(t.central.calls).not.toContain('smsStart');
  });
});
