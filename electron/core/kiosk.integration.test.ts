import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOrCreateIdentity } from './identity/keystore';
import { createCentralClient } from '../../central/client';
import type { SeedFile } from '../../central/contract';
import { startCentral, type RunningCentral } from '../../central/server/embedded';
import { FAST_HASH } from '../../central/server/testkit';
import type { FlowView, ViewOf, Screen } from '../contract/flow';
import type { Result } from '../contract/result';
import { readConfig } from './config';
import { eventually, openTestParts } from './flow/testing';
import { createKioskCore, type KioskCoreService } from './kiosk';
import type { KioskTerminal } from './terminal';

const PERSON = { id: '1714307103', birthDate: '1990-02-03', email: 'pedro.guaman@gmail.com' };
const CHALLENGES = [
  { question: '¿En qué año realizó su primer aporte al IESS?', answer: '2009', distractors: ['2007', '2011', '2013'] },
  {
    question: '¿Cuál fue su primer empleador?',
    answer: 'Ferretería Kywi',
    distractors: ['Pronaca', 'Banco Pichincha', 'Supermaxi'],
  },
  { question: '¿En qué provincia se afilió al IESS?', answer: 'Azuay', distractors: ['Guayas', 'Pichincha', 'Loja'] },
];
const seed: SeedFile = {
  afiliados: [
    {
      id: PERSON.id,
      idType: 'cedula',
      fullName: 'Pedro Andrés Guamán Lema',
      birthDate: PERSON.birthDate,
      email: null,
      dataUpdatedInPerson: false,
      hasPassword: false,
      challenges: CHALLENGES,
      securityImage: null,
    },
  ],
  employers: [],
  staff: [],
};

let dir: string;
let central: RunningCentral;
let core: KioskCoreService;
let parts: Awaited<ReturnType<typeof openTestParts>>;
const logs: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-core-'));
  const seedFile = join(dir, 'seed.json');
  writeFileSync(seedFile, JSON.stringify(seed));
  const identity = loadOrCreateIdentity(dir, 'KIOSCO-IT');
  // the central mails the link and code itself: with no SMTP_URL, into its capture mailbox
  central = await startCentral({
    port: 0,
    activationTtlSeconds: 180,
    seedFile,
    hashParams: FAST_HASH,
    kiosks: [{ id: identity.kioskId, publicKey: identity.publicKey }],
  });
  const read = readConfig({ KIOSK_ID: 'KIOSCO-IT' });
  if (!read.ok) throw new Error(read.problems.join(', '));
  parts = await openTestParts({
    client: createCentralClient({ baseUrl: central.url, identity }),
    now: Date.now,
  });
  core = createKioskCore({
    config: read.config,
    parts,
    centralPublicUrl: central.publicUrl,
    log: (event, fields) => logs.push(JSON.stringify({ event, ...fields })),
  });
});

afterAll(async () => {
  await core?.close();
  await parts?.close();
  await central?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function advance<S extends Screen>(terminal: KioskTerminal, input: unknown, expected: S): Promise<ViewOf<S>> {
  const result = (await terminal.handle('session.advance', input)) as Result<FlowView>;
  if (!result.ok) throw new Error(`expected ${expected}, got ${result.error.code}`);
  expect(result.value.screen).toBe(expected);
  return result.value as ViewOf<S>;
}

function nextChange(terminal: KioskTerminal): Promise<FlowView | null> {
  return new Promise((resolve) => {
    const off = terminal.onEvent((event, payload) => {
      if (event !== 'session.changed') return;
      off();
      resolve(payload as FlowView | null);
    });
  });
}

const login = (id: string, password: string) =>
  fetch(`${central.url}/api/v1/portal/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-kiosk-id': 'KIOSCO-IT' },
    body: JSON.stringify({ id, password }),
  });

describe('kiosk core against the embedded central', () => {
  it('generates a first clave end to end, the link tapped on the "phone"', async () => {
    const terminal = core.openTerminal();
    const presence = { trusted: true, via: 'pointer', elapsedMs: 1500 };
    expect(await login(PERSON.id, 'Pichincha7Rio').then((r) => r.status)).toBe(401);

    await terminal.handle('session.start', { kind: 'generate' });
    const challenge = await advance(
      terminal,
      { step: 'identify', idType: 'cedula', id: PERSON.id, presence },
      'challenge',
    );
    const answers = challenge.questions.map((q) => {
      const known = CHALLENGES.find((c) => c.question === q.text['es-EC']);
      if (!known) throw new Error('unexpected question');
      return { questionId: q.id, answer: known.answer };
    });
    await advance(terminal, { step: 'challenge', birthDay: 3, birthMonth: 2, answers }, 'confirmIdentity');
    const bank = await advance(terminal, { step: 'confirmIdentity' }, 'securityQuestions');
    const chosen = bank.bank.slice(0, 3).map((q, i) => ({ questionId: q.id, answer: `Respuesta ${i}` }));
    const images = await advance(terminal, { step: 'securityQuestions', answers: chosen }, 'securityImage');
    await advance(terminal, { step: 'securityImage', imageId: images.images[0] }, 'email');
    await advance(
      terminal,
      { step: 'email', mode: 'register', email: PERSON.email, confirm: PERSON.email, mobile: '0987654321' },
      'confirmEmail',
    );
    const wait = await advance(terminal, { step: 'confirmEmail' }, 'activation');
    expect(wait.provider).toBe('gmail');
    expect(wait.qrSvg).toContain('<svg');

    const mail = central.mailer.mailbox!.latestTo(PERSON.email)!;
    const link = /https?:\/\/\S+\/activar\/[A-Za-z0-9_-]+/.exec(mail.text)?.[0];
    expect(link).toBeDefined();
    expect(JSON.stringify(wait)).not.toContain(link!.split('/activar/')[1]!);

    // a mail scanner's GET or HEAD shows the button and confirms nothing; the tap is the POST
    for (const method of ['GET', 'HEAD']) expect((await fetch(link!, { method })).status).toBe(200);
    const changed = nextChange(terminal);
    const page = await fetch(link!, { method: 'POST' });
    expect(page.status).toBe(200);
    expect(await changed).toMatchObject({ screen: 'declaration', kind: 'generate' });

    await advance(terminal, { step: 'declaration', accepted: true }, 'password');
    const done = await advance(
      terminal,
      { step: 'password', password: 'Pichincha7Rio', repeat: 'Pichincha7Rio' },
      'done',
    );
    expect(done.progress).toEqual({ step: 11, total: 11 });

    expect(await login(PERSON.id, 'Pichincha7Rio').then((r) => r.status)).toBe(200);
    expect(await login(PERSON.id, 'Otraclave9Xy').then((r) => r.status)).toBe(401);
    // the change notice goes to the registered address, through the outbox's mail loop
    await eventually('the change notice', () => central.mailer.mailbox!.list().length === 2);
    expect(central.mailer.mailbox!.latestTo(PERSON.email)!.subject).not.toBe(mail.subject);
    const logged = logs.join('\n');
    for (const secret of [PERSON.id, PERSON.email, 'Pichincha7Rio', link!]) expect(logged).not.toContain(secret);
    await terminal.close();
  });
});
