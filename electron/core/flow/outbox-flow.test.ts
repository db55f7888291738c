/**
 * The flow with the outbox (DESIGN §4) and with faults at its steps: GENERAR writes a
 * credentials.set row and waits briefly; an unreachable central finishes as "pending"; a refusal
 * is an error; session events go under the session's random id; nothing personal stays on disk.
 */
import { readdirSync, readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCentralClient, type CentralClient } from '../../../central/client';
import type { FlowView, Screen, ViewOf } from '../../contract/flow';
import type { Result } from '../../contract/result';
import { createHarness, newIdentity } from '../../../central/server/testkit';
import { openKioskDb } from '../../../db/kiosk/open';
import { createMailer } from '../../../central/server/mail/mailer';
import { createCatalogSource } from './catalogs';
import type { FlowDeps } from './context';
import { createDeliveryWaits } from './delivery-waits';
import { CREDENTIALS_WAIT_MS, outboxCredentialsSink, outboxSessionEvents } from './outbox-sinks';
import { createSlidingLimiter } from './ratelimit';
import { FlowSession } from './session';
import { createManualClock, eventually, PEDRO, rightAnswersOf, seedOf, wrapCentral } from './testing';
import { createKioskOutbox, type KioskOutbox } from '../sync/outbox-service';
import type { PushBatch } from '../sync/drain';

const presence = { trusted: true as const, via: 'pointer' as const, elapsedMs: 1200 };
const PASSWORD = 'Pichincha7Rio';
const EMAIL = 'pedro.outbox@example.com';
const pedro = PEDRO;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function screen<S extends Screen>(result: Result<FlowView>, name: S): ViewOf<S> {
  if (!result.ok) throw new Error(`expected ${name}, got error ${result.error.code}`);
  if (result.value.screen !== name) throw new Error(`expected ${name}, got ${result.value.screen}`);
  return result.value as ViewOf<S>;
}
const errorOf = (result: Result<unknown>) => (result.ok ? null : result.error);

/** `centralSmtpUrl`: the SMTP server the central mails through (default its capture mailbox) */
async function setup(options: { central?: CentralClient; centralSmtpUrl?: string } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'flow-outbox-'));
  const kiosk = await openKioskDb(dir);
  const reference = await createHarness({ seed: seedOf([pedro]) });
  if (options.centralSmtpUrl) {
    const smtp = createMailer({
      smtpUrl: options.centralSmtpUrl,
      from: 'IESS <no-responder@iess.gob.ec>',
      timeoutMs: 1_000,
    });
    reference.mailer.send = (mail) => smtp.send(mail);
  }
  cleanups.push(() => reference.close());
  const clock = createManualClock(Date.now());
  const wrapped = wrapCentral(reference, clock.now);
  let centralDown = false;
  // the drain pushes to the reference central's events route; "down" is a network failure
  const push: PushBatch = async (rows) => {
    if (centralDown) return { ok: false, error: 'unavailable' };
    const answer = await wrapped.client.call('events', {
      events: rows.map((r) => ({
        key: r.idempotency_key,
        aggregateId: r.aggregate_id,
        sequence: r.sequence,
        kind: r.kind,
        payload: JSON.parse(r.payload) as unknown,
      })),
    });
    return answer.ok ? { ok: true, outcomes: answer.value.results } : { ok: false, error: 'unavailable' };
  };
  // one capture mailbox, as in embedded mode: the central's link and codes, the kiosk's notices
  const mailer = reference.mailer;
  const waits = createDeliveryWaits(kiosk.db);
  const outbox: KioskOutbox = createKioskOutbox({
    db: kiosk.db,
    sqlite: kiosk.sqlite,
    push,
    intervalMs: 100,
    random: () => 0,
    onSettled: (rows) => waits.settled(rows),
  });
  outbox.start();
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  cleanups.push(() => kiosk.close());
  cleanups.push(() => outbox.stop());
  const portalLogin = async (id: string, password: string) =>
    (
      await reference.app.request('/api/v1/portal/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ id, password }),
      })
    ).status;
  const central = options.central ?? wrapped.client;
  const deps: FlowDeps = {
    central,
    centralPublicUrl: 'http://central.test',
    now: clock.now,
    schedule: clock.schedule,
    catalogs: createCatalogSource(central, { db: kiosk.db }),
    takeLookup: createSlidingLimiter(10, 60_000, clock.now),
    credentialsSink: outboxCredentialsSink(outbox, waits, clock.schedule),
    sessionEvents: outboxSessionEvents(outbox, clock.now, () => {}),
    kioskId: 'KIOSCO-01',
    officeName: 'IESS Quito Centro',
    log: () => {},
  };
  return {
    dir,
    kiosk,
    clock,
    central: wrapped,
    outbox,
    deps,
    mailer,
    portalLogin,
    setDown: (down: boolean) => (centralDown = down),
    start: () => new FlowSession('generate', deps, () => {}),
  };
}
type Setup = Awaited<ReturnType<typeof setup>>;

async function toPassword(t: Setup, session: FlowSession) {
  const challenge = screen(
    await session.advance({ step: 'identify', idType: 'cedula', id: pedro.id, presence }),
    'challenge',
  );
  screen(await session.advance(rightAnswersOf(pedro, challenge.questions)), 'confirmIdentity');
  await session.advance({ step: 'confirmIdentity' });
  await session.advance({
    step: 'securityQuestions',
    answers: ['q01', 'q02', 'q03'].map((questionId) => ({ questionId, answer: 'respuesta secreta' })),
  });
  await session.advance({ step: 'securityImage', imageId: 'condor' });
  await session.advance({ step: 'email', mode: 'register', email: EMAIL, confirm: EMAIL, mobile: '0991234567' });
  screen(await session.advance({ step: 'confirmEmail' }), 'activation');
  expect(
    await t.central.confirmLink(/https?:\/\/\S+\/activar\/\S+/.exec(t.mailer.mailbox!.latestTo(EMAIL)!.text)![0]),
  ).toBe(true);
  t.clock.advance(500);
  await session.pollNow();
  screen(await session.advance({ step: 'declaration', accepted: true }), 'password');
}

/** GENERAR while the drain cannot settle the row: the brief wait runs out on the test's clock. */
async function generateWhileUnsettled(t: Setup, session: FlowSession) {
  const timers = t.clock.pending();
  const generating = session.advance({ step: 'password', password: PASSWORD, repeat: PASSWORD });
  await eventually('GENERAR waits for the drain', () => t.clock.pending() > timers);
  t.clock.advance(CREDENTIALS_WAIT_MS);
  return generating;
}

/** Every byte of every file in the kiosk's data dir, as latin1 text for a plain search. */
const filesText = (dir: string) =>
  readdirSync(dir)
    .map((f) => readFileSync(join(dir, f)).toString('latin1'))
    .join('\n');

describe('GENERAR through the outbox', () => {
  it('delivered: done, the central has the clave once; events carry the session id, never the cédula; nothing personal stays on disk', async () => {
    const t = await setup();
    const session = t.start();
    await toPassword(t, session);
    const done = screen(await session.advance({ step: 'password', password: PASSWORD, repeat: PASSWORD }), 'done');
    expect(done.pending).toBeUndefined();
    expect(t.central.credentials).toHaveLength(1);
    expect(t.central.credentials[0]!.body).toMatchObject({
      email: EMAIL,
      mobile: '0991234567',
      securityImage: 'condor',
    });
    expect(JSON.stringify(t.central.credentials[0]!.body)).not.toContain(pedro.id);
    // the central sent the change notice itself, once it applied the clave
    await eventually('the change notice', () => t.mailer.mailbox!.list().length === 2);
    expect(t.mailer.mailbox!.latestTo(EMAIL)!.subject).not.toContain('ACTIVACIÓN');

    session.end('cancelled');
    // session events are appended without waiting; let the last ones land and drain
    const deadline = Date.now() + 3_000;
    while ((await t.outbox.status()).depth > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await t.outbox.idle();
    const rows = await t.kiosk.db.selectFrom('outbox').selectAll().orderBy('sequence').execute();
    // the kiosk queues no mail of its own: every row is the session's, for the central
    expect(new Set(rows.map((r) => r.aggregate_id))).toEqual(new Set([session.id]));
    expect(rows.every((r) => r.status === 'delivered' && r.payload === '{}')).toBe(true);
    expect(t.central.sessionEvents.map((e) => e.event)).toEqual([
      'started',
      'identified',
      'verified',
      'activated',
      'finished',
    ]);
    await t.outbox.scrub();
    const disk = filesText(t.dir);
    for (const secret of [pedro.id, EMAIL, '0991234567', PASSWORD, 'respuesta secreta'])
      expect(disk).not.toContain(secret);
  });

  it('central unreachable at GENERAR: done, pending; the row drains by itself when the central returns', async () => {
    const t = await setup();
    const session = t.start();
    await toPassword(t, session);
    t.setDown(true);
    const done = screen(await generateWhileUnsettled(t, session), 'done');
    expect(done.pending).toBe(true);
    expect(t.central.credentials).toHaveLength(0);
    expect((await t.outbox.status()).depth).toBeGreaterThan(0);
    t.setDown(false);
    const deadline = Date.now() + 5_000;
    while ((await t.outbox.status()).depth > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(t.central.credentials).toHaveLength(1);
    expect(await t.outbox.status()).toMatchObject({ depth: 0, deadLetters: 0 });
  });

  it('central stopped after the activation, before GENERAR: the data dir holds no email, mobile, answer or clave; on its return the clave applies and the central sends the notice', async () => {
    const t = await setup();
    const session = t.start();
    await toPassword(t, session);
    t.setDown(true);
    expect(screen(await generateWhileUnsettled(t, session), 'done').pending).toBe(true);
    session.end('cancelled');
    await t.outbox.idle();
    // every file of the data dir (kiosk.db, its WAL, logs): the queued clave is only ciphertext
    const disk = filesText(t.dir);
    expect(disk.length).toBeGreaterThan(0);
    for (const secret of [EMAIL, '0991234567', PASSWORD, 'respuesta secreta']) expect(disk).not.toContain(secret);
    expect(await t.outbox.status()).toMatchObject({ deadLetters: 0 });
    expect(t.mailer.mailbox!.latestTo(EMAIL)!.subject).toContain('ACTIVACIÓN'); // no notice before the clave
    expect(await t.portalLogin(pedro.id, PASSWORD)).toBe(401);

    t.setDown(false);
    t.outbox.networkReturned();
    await eventually('the clave reaches the central', () => t.central.credentials.length === 1);
    expect(await t.portalLogin(pedro.id, PASSWORD)).toBe(200);
    await eventually('the central sends the notice', () => t.mailer.mailbox!.list().length === 2);
    expect(t.mailer.mailbox!.latestTo(EMAIL)!.subject).not.toContain('ACTIVACIÓN');
  });

  it('refused for good (the grant is spent): the person sees an error, the row is a dead letter', async () => {
    const t = await setup();
    const session = t.start();
    await toPassword(t, session);
    await t.central.expireGrants();
    expect(errorOf(await session.advance({ step: 'password', password: PASSWORD, repeat: PASSWORD }))?.code).toBe(
      'no_session',
    );
    expect(await t.outbox.status()).toMatchObject({ depth: 0, deadLetters: 1 });
  });
});

describe('faults at a step', () => {
  it('central stopped at BUSCAR: central_unavailable, same step, and the flow goes on when it returns', async () => {
    const t = await setup();
    const session = t.start();
    t.central.breakRoute('lookup');
    expect(errorOf(await session.advance({ step: 'identify', idType: 'cedula', id: pedro.id, presence }))?.code).toBe(
      'central_unavailable',
    );
    expect(session.state).toBe('identify');
    t.central.heal('lookup');
    screen(await session.advance({ step: 'identify', idType: 'cedula', id: pedro.id, presence }), 'challenge');
  });

  it('central slow (never answers): central_unavailable within the client timeout, same step', async () => {
    const hanging: Server = createServer(() => {}); // accepts, never answers
    await new Promise<void>((r) => hanging.listen(0, '127.0.0.1', r));
    cleanups.push(
      () =>
        new Promise<void>((r) => {
          hanging.closeAllConnections();
          hanging.close(() => r());
        }),
    );
    const slow = createCentralClient({
      baseUrl: `http://127.0.0.1:${(hanging.address() as AddressInfo).port}`,
      identity: newIdentity('KIOSCO-01'),
      timeoutMs: 300,
    });
    const t = await setup({ central: slow });
    const session = t.start();
    const started = Date.now();
    expect(errorOf(await session.advance({ step: 'identify', idType: 'cedula', id: pedro.id, presence }))?.code).toBe(
      'central_unavailable',
    );
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(session.state).toBe('identify');
  });

  it("the central's SMTP down at the activation mail: mail_unavailable, same step; nothing typed is lost", async () => {
    const dead = createServer();
    await new Promise<void>((r) => dead.listen(0, '127.0.0.1', r));
    const port = (dead.address() as AddressInfo).port;
    await new Promise<void>((r) => dead.close(() => r())); // a port where nothing listens
    const t = await setup({ centralSmtpUrl: `smtp://127.0.0.1:${port}` });
    const session = t.start();
    const challenge = screen(
      await session.advance({ step: 'identify', idType: 'cedula', id: pedro.id, presence }),
      'challenge',
    );
    await session.advance(rightAnswersOf(pedro, challenge.questions));
    await session.advance({ step: 'confirmIdentity' });
    await session.advance({
      step: 'securityQuestions',
      answers: ['q01', 'q02', 'q03'].map((questionId) => ({ questionId, answer: 'x' })),
    });
    await session.advance({ step: 'securityImage', imageId: 'condor' });
    screen(
      await session.advance({ step: 'email', mode: 'register', email: EMAIL, confirm: EMAIL, mobile: '0991234567' }),
      'confirmEmail',
    );
    expect(errorOf(await session.advance({ step: 'confirmEmail' }))?.code).toBe('mail_unavailable');
    const still = screen(session.view(), 'confirmEmail');
    expect(still.maskedMobile).toBe('09******67');
  });

  it('catalogs: a kiosk restarted while the central is down still draws the bank from kiosk.db', async () => {
    const t = await setup();
    const fetched = await t.deps.catalogs();
    expect(fetched.ok).toBe(true);
    t.central.breakRoute('catalogs');
    const restarted = createCatalogSource(t.central.client, { db: t.kiosk.db });
    const offline = await restarted();
    expect(offline.ok && offline.value.securityQuestions).toHaveLength(10);
    const nothing = await createCatalogSource(t.central.client)();
    expect(errorOf(nothing)?.code).toBe('central_unavailable');
  });
});

describe('RESEND on the activation screen', () => {
  it('once the link has expired RESEND is available at once; the 3-per-session limit stays', async () => {
    const t = await setup();
    const session = t.start();
    const challenge = screen(
      await session.advance({ step: 'identify', idType: 'cedula', id: pedro.id, presence }),
      'challenge',
    );
    await session.advance(rightAnswersOf(pedro, challenge.questions));
    await session.advance({ step: 'confirmIdentity' });
    await session.advance({
      step: 'securityQuestions',
      answers: ['q01', 'q02', 'q03'].map((questionId) => ({ questionId, answer: 'x' })),
    });
    await session.advance({ step: 'securityImage', imageId: 'condor' });
    await session.advance({ step: 'email', mode: 'register', email: EMAIL, confirm: EMAIL, mobile: '0991234567' });
    const wait = screen(await session.advance({ step: 'confirmEmail' }), 'activation');
    expect(wait.resendAvailableAt).toBe(t.clock.now() + 30_000); // alive: 30 s apart
    for (let left = 2; left >= 0; left--) {
      t.clock.advance(181_000); // the link expires
      await session.pollNow();
      const expired = screen(session.view(), 'activation');
      expect(expired.expired).toBe(true);
      expect(expired.resendAvailableAt).toBeLessThanOrEqual(t.clock.now());
      expect(screen(await session.resend(), 'activation').resendsLeft).toBe(left);
    }
    t.clock.advance(181_000);
    await session.pollNow();
    expect(errorOf(await session.resend())?.code).toBe('resend_limit');
  });
});
