import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, linkIn } from '../../../central/server/testkit';
import type { FlowView } from '../../contract/flow';
import type { Result } from '../../contract/result';
import type { ConfigureResult, TechnicianOverview } from '../../contract/technician';
import { readConfig, type KioskConfig } from '../config';
import { hashSecret } from '../crypto/argon';
import {
  createManualClock,
  eventually,
  openTestParts,
  PEDRO,
  rightAnswersOf,
  seedOf,
  wrapCentral,
  type SeedPerson,
  type TestCentral,
} from '../flow/testing';
import { createKioskCore } from '../kiosk';
import { createFileLog } from '../log';
import { configWithSettings } from './service';
import type { KioskTerminal } from '../terminal';

const TECHNICIAN_PIN = '730164';
const SUPERVISOR_PIN = '482915';
const ENROLL_CODE = 'enroll-secret-8472';
const SMTP_SECRET = 'smtp-password-93';
let staff: Parameters<TestCentral['setStaff']>[0];
beforeAll(async () => {
  staff = [
    { id: 'T001', name: 'Marco Tapia', role: 'technician', pinHash: await hashSecret(TECHNICIAN_PIN) },
    { id: 'S001', name: 'Lucía Andrade', role: 'supervisor', pinHash: await hashSecret(SUPERVISOR_PIN) },
  ];
});

const presence = { trusted: true, via: 'pointer', elapsedMs: 900 };
const PASSWORD = 'Pichincha7Rio';
const EMAIL = 'pedro.tecnico@example.com';
const MOBILE = '0991234567';
const SECURITY_ANSWER = 'Mi perro Firulais';
const maria: SeedPerson = {
  idType: 'cedula',
  id: '1710034065',
  fullName: 'María Fernanda Quishpe Toapanta',
  birthDate: '1961-08-14',
  email: 'maria.quishpe@example.com',
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
/** Every value typed by, or told about, a person in the two flows below. */
const personal = [
  PEDRO.id,
  PEDRO.fullName,
  PEDRO.birthDate,
  ...PEDRO.challenges.map((c) => c.answer),
  SECURITY_ANSWER,
  EMAIL,
  MOBILE,
  PASSWORD,
  maria.id,
  maria.fullName,
  maria.birthDate,
  maria.email!,
  'Riobamba',
  ...maria.challenges.map((c) => c.answer),
];
const secrets = [ENROLL_CODE, SMTP_SECRET, TECHNICIAN_PIN, SUPERVISOR_PIN];

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function startConfig(dataDir: string): KioskConfig {
  const read = readConfig({
    KIOSK_DATA_DIR: dataDir,
    KIOSK_ID: 'KIOSCO-07',
    KIOSK_OFFICE: 'IESS Cuenca',
    KIOSK_ENROLL_CODE: ENROLL_CODE,
    CENTRAL_URL: 'https://central.example.gob.ec',
    SMTP_URL: `smtp://kiosk:${SMTP_SECRET}@mail.example.gob.ec:587`,
  });
  if (!read.ok) throw new Error(read.problems.join(', '));
  return read.config;
}

async function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'technician-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const reference = await createHarness({ seed: seedOf([PEDRO, maria]) });
  cleanups.push(() => reference.close());
  const clock = createManualClock(reference.clock.t);
  const central = wrapCentral(reference, clock.now);
  await central.setStaff(staff);
  const log = await createFileLog(dir, { now: clock.now });
  cleanups.push(() => log.close());
  const parts = await openTestParts({ client: central.client, now: clock.now, dir, log });
  cleanups.push(() => parts.close());
  const config = startConfig(dir);
  const core = createKioskCore({
    config,
    parts,
    centralPublicUrl: 'https://central.test/',
    now: clock.now,
    schedule: clock.schedule,
    log,
    technician: { baseConfig: { ...config }, logs: log, centralMode: 'remote', mailbox: reference.mailer.mailbox },
  });
  cleanups.push(() => core.close());
  await core.refreshCatalogs();
  const terminal = core.openTerminal();
  return { dir, reference, clock, central, log, parts, config, core, terminal };
}
type Setup = Awaited<ReturnType<typeof setup>>;

const valueOf = <T>(result: Result<unknown>): T => {
  if (!result.ok) throw new Error(`unexpected error ${result.error.code}`);
  return result.value as T;
};
const codeOf = (result: Result<unknown>) => (result.ok ? 'ok' : result.error.code);

async function asTechnician(terminal: KioskTerminal) {
  expect(valueOf(await terminal.handle('staff.unlock', { pin: TECHNICIAN_PIN }))).toMatchObject({ id: 'T001' });
}

async function centralAudit(t: Setup) {
  return t.reference.store.db.selectFrom('audit').selectAll().where('action', 'like', 'technician.%').execute();
}

async function advance(terminal: KioskTerminal, input: unknown): Promise<FlowView> {
  return valueOf<FlowView>(await terminal.handle('session.advance', input));
}

/** After the link is confirmed on the phone, the kiosk's poll moves the flow on. */
async function waitForDeclaration(t: Setup, terminal: KioskTerminal, email: string): Promise<void> {
  expect(await t.central.confirmLink(linkIn(t.reference.mailer.mailbox.latestTo(email)!))).toBe(true);
  await eventually('the declaration screen', async () => {
    t.clock.advance(600);
    const view = valueOf<FlowView | null>(await terminal.handle('session.view', {}));
    return view?.screen === 'declaration';
  });
}

async function generateFlow(t: Setup, terminal: KioskTerminal) {
  await terminal.handle('session.start', { kind: 'generate' });
  const challenge = await advance(terminal, { step: 'identify', idType: 'cedula', id: PEDRO.id, presence });
  if (challenge.screen !== 'challenge') throw new Error(challenge.screen);
  await advance(terminal, rightAnswersOf(PEDRO, challenge.questions));
  await advance(terminal, { step: 'confirmIdentity' });
  await advance(terminal, {
    step: 'securityQuestions',
    answers: ['q01', 'q02', 'q03'].map((questionId) => ({ questionId, answer: SECURITY_ANSWER })),
  });
  await advance(terminal, { step: 'securityImage', imageId: 'condor' });
  await advance(terminal, { step: 'email', mode: 'register', email: EMAIL, confirm: EMAIL, mobile: MOBILE });
  await advance(terminal, { step: 'confirmEmail' });
  await waitForDeclaration(t, terminal, EMAIL);
  await advance(terminal, { step: 'declaration', accepted: true });
  expect((await advance(terminal, { step: 'password', password: PASSWORD, repeat: PASSWORD })).screen).toBe('done');
  await terminal.handle('session.cancel', { reason: 'finish' });
}

async function recoverFlow(t: Setup, terminal: KioskTerminal) {
  await terminal.handle('session.start', { kind: 'recover' });
  const challenge = await advance(terminal, { step: 'identify', idType: 'cedula', id: maria.id, presence });
  if (challenge.screen !== 'challenge') throw new Error(challenge.screen);
  await advance(terminal, rightAnswersOf(maria, challenge.questions));
  await advance(terminal, { step: 'confirmIdentity' });
  await advance(terminal, { step: 'securityImage', imageId: 'condor' });
  await advance(terminal, { step: 'email', mode: 'onFile' });
  await advance(terminal, { step: 'confirmEmail' });
  await waitForDeclaration(t, terminal, maria.email!);
  await advance(terminal, { step: 'declaration', accepted: true });
  expect((await advance(terminal, { step: 'password', password: PASSWORD, repeat: PASSWORD })).screen).toBe('done');
  await terminal.handle('session.cancel', { reason: 'finish' });
}

describe("technician's screen", () => {
  it('opens only for a technician: a person or a supervisor gets staff_required', async () => {
    const t = await setup();
    expect(codeOf(await t.terminal.handle('technician.overview', {}))).toBe('staff_required');
    expect(valueOf(await t.terminal.handle('staff.unlock', { pin: SUPERVISOR_PIN }))).toMatchObject({
      role: 'supervisor',
    });
    for (const [call, input] of [
      ['technician.overview', {}],
      ['technician.configure', { settings: { officeName: 'X' } }],
      ['technician.deadLetter', { id: 'x', action: 'discard' }],
      ['technician.testEmail', { to: 'a@example.com' }],
      ['technician.diagnostics', {}],
      ['technician.update', { command: 'pause' }],
    ] as const)
      expect(codeOf(await t.terminal.handle(call, input)), call).toBe('staff_required');
    await t.terminal.handle('staff.lock', {});
    await asTechnician(t.terminal);
    const overview = valueOf<TechnicianOverview>(await t.terminal.handle('technician.overview', {}));
    expect(overview).toMatchObject({
      version: '0.1.0',
      kioskId: 'KIOSCO-07',
      officeName: 'IESS Cuenca',
      centralReachable: true,
      centralMode: 'remote',
      outbox: { deadLetters: 0 },
      update: { enabled: false },
    });
    expect(overview.databaseBytes).toBeGreaterThan(0);
    expect(overview.settings.officeName).toEqual({ value: 'IESS Cuenca', source: 'environment', restartNeeded: false });
  });

  it('refuses a bad central address with its reason and changes nothing', async () => {
    const t = await setup();
    await asTechnician(t.terminal);
    const bad = valueOf<ConfigureResult>(
      await t.terminal.handle('technician.configure', {
        settings: { centralUrl: 'central sin esquema', officeName: 'IESS Ambato' },
      }),
    );
    expect(bad).toEqual({ applied: false, problems: [{ field: 'centralUrl', problem: 'url_invalid' }] });
    const plain = valueOf<ConfigureResult>(
      await t.terminal.handle('technician.configure', { settings: { centralUrl: 'http://central.iess.gob.ec' } }),
    );
    expect(plain).toEqual({ applied: false, problems: [{ field: 'centralUrl', problem: 'url_not_tls' }] });
    const order = valueOf<ConfigureResult>(
      await t.terminal.handle('technician.configure', {
        settings: { idleWarnSeconds: 90, idleResetSeconds: 60, maintenanceWindow: '25:00-03:00' },
      }),
    );
    expect(order).toEqual({
      applied: false,
      problems: [{ field: 'maintenanceWindow', problem: 'window_invalid' }],
    });
    const order2 = valueOf<ConfigureResult>(
      await t.terminal.handle('technician.configure', { settings: { idleWarnSeconds: 90, idleResetSeconds: 60 } }),
    );
    expect(order2).toEqual({
      applied: false,
      problems: [{ field: 'idleResetSeconds', problem: 'reset_not_after_warn' }],
    });
    const typed = valueOf<ConfigureResult>(
      await t.terminal.handle('technician.configure', { settings: { idleWarnSeconds: 'cuarenta', officeName: '  ' } }),
    );
    expect(typed).toEqual({
      applied: false,
      problems: [
        { field: 'officeName', problem: 'text_invalid' },
        { field: 'idleWarnSeconds', problem: 'number_invalid' },
      ],
    });
    // nothing changed: the office is the environment's, no row stored, nothing audited
    expect(valueOf<{ officeName: string }>(await t.terminal.handle('app.info', {})).officeName).toBe('IESS Cuenca');
    expect(await t.parts.kioskDb.selectFrom('technician_setting').selectAll().execute()).toEqual([]);
    expect((await t.parts.outbox.status()).depth).toBe(0);
  });

  it('applies a valid change at once, stores it, and the central audits who changed what and when', async () => {
    const t = await setup();
    await asTechnician(t.terminal);
    const changed = valueOf<ConfigureResult>(
      await t.terminal.handle('technician.configure', {
        settings: {
          officeName: 'IESS Ambato',
          idleWarnSeconds: 50,
          idleResetSeconds: 80,
          maintenanceWindow: '02:00-05:00',
        },
      }),
    );
    expect(changed).toEqual({
      applied: true,
      changed: ['officeName', 'idleWarnSeconds', 'idleResetSeconds', 'maintenanceWindow'],
      restartNeeded: false,
    });
    // live, without a restart: a new screen reads the new office and idle times
    const info = valueOf<{ officeName: string; idleWarnSeconds: number; idleResetSeconds: number }>(
      await t.core.openTerminal().handle('app.info', {}),
    );
    expect(info).toMatchObject({ officeName: 'IESS Ambato', idleWarnSeconds: 50, idleResetSeconds: 80 });
    const rows = await t.parts.kioskDb.selectFrom('technician_setting').selectAll().orderBy('name').execute();
    expect(rows.map((r) => [r.name, r.value, r.set_by, r.set_at])).toEqual([
      ['idleResetSeconds', '80', 'T001', t.clock.now()],
      ['idleWarnSeconds', '50', 'T001', t.clock.now()],
      ['maintenanceWindow', '"02:00-05:00"', 'T001', t.clock.now()],
      ['officeName', '"IESS Ambato"', 'T001', t.clock.now()],
    ]);
    await eventually('the audit row at the central', async () => (await centralAudit(t)).length === 1);
    expect((await centralAudit(t))[0]).toMatchObject({
      kiosk_id: t.reference.kiosk.kioskId,
      action: 'technician.config.changed',
      subject: 'T001',
      detail: 'officeName,idleWarnSeconds,idleResetSeconds,maintenanceWindow',
      at: t.clock.now(),
    });
    // a new central waits for the next start; clearing a value falls back to the environment
    const url = valueOf<ConfigureResult>(
      await t.terminal.handle('technician.configure', {
        settings: { centralUrl: 'https://central2.iess.gob.ec', officeName: null },
      }),
    );
    expect(url).toEqual({ applied: true, changed: ['centralUrl', 'officeName'], restartNeeded: true });
    const overview = valueOf<TechnicianOverview>(await t.terminal.handle('technician.overview', {}));
    expect(overview.settings.officeName).toMatchObject({ value: 'IESS Cuenca', source: 'environment' });
    expect(overview.settings.centralUrl).toMatchObject({
      value: 'https://central.example.gob.ec',
      source: 'technician',
    });
    // the next start reads the environment under what the technician stored
    const restarted = await configWithSettings(startConfig(t.dir), t.parts.kioskDb, () => {});
    expect(restarted.config).toMatchObject({
      centralUrl: 'https://central2.iess.gob.ec',
      officeName: 'IESS Cuenca',
      idleWarnSeconds: 50,
      idleResetSeconds: 80,
      maintenanceWindow: '02:00-05:00',
    });
  });

  it('retries and discards dead letters, each audited at the central', async () => {
    const t = await setup();
    await asTechnician(t.terminal);
    // the central refuses every event while this kiosk looks unknown to it (e.g. before enrollment)
    t.central.breakRoute('events', { kind: 'rejected', status: 401, error: 'unauthorized' });
    const key1 = await t.parts.outbox.append('session.event', 'ses-1', { event: 'help', flow: null, step: 'x', at: 1 });
    const key2 = await t.parts.outbox.append('session.event', 'ses-2', { event: 'help', flow: null, step: 'y', at: 2 });
    await eventually('two dead letters', async () => (await t.parts.outbox.status()).deadLetters === 2);
    t.central.heal('events');
    const overview = valueOf<TechnicianOverview>(await t.terminal.handle('technician.overview', {}));
    expect(overview.deadLetters.map((d) => [d.kind, d.error, d.retriable])).toEqual([
      ['session.event', 'unauthorized', true],
      ['session.event', 'unauthorized', true],
    ]);
    const [first, second] = overview.deadLetters;
    expect(valueOf(await t.terminal.handle('technician.deadLetter', { id: first!.id, action: 'retry' }))).toEqual({
      done: true,
    });
    expect(valueOf(await t.terminal.handle('technician.deadLetter', { id: second!.id, action: 'discard' }))).toEqual({
      done: true,
    });
    // gone is gone: a second discard does nothing and audits nothing
    expect(valueOf(await t.terminal.handle('technician.deadLetter', { id: second!.id, action: 'discard' }))).toEqual({
      done: false,
    });
    await eventually('the retried row delivered', async () => {
      const s = await t.parts.outbox.status();
      return s.deadLetters === 0 && s.depth === 0;
    });
    expect(t.central.sessionEvents.map((e) => e.event)).toEqual(['help']);
    expect([key1, key2]).toHaveLength(2);
    await eventually('two audit rows', async () => (await centralAudit(t)).length === 2);
    expect((await centralAudit(t)).map((r) => [r.action, r.subject, r.detail])).toEqual([
      ['technician.deadletter.retried', 'T001', first!.id],
      ['technician.deadletter.discarded', 'T001', second!.id],
    ]);
  });

  it('sends a test email through the central, masked on screen, refused when malformed or too often', async () => {
    const t = await setup();
    await asTechnician(t.terminal);
    expect(codeOf(await t.terminal.handle('technician.testEmail', { to: 'sin-arroba' }))).toBe('email_invalid');
    const sent = valueOf<{ via: string; maskedTo: string }>(
      await t.terminal.handle('technician.testEmail', { to: 'soporte.quito@example.com' }),
    );
    expect(sent.via).toBe('capture');
    expect(sent.maskedTo).not.toContain('soporte.quito');
    expect(t.reference.mailer.mailbox.latestTo('soporte.quito@example.com')?.subject).toBe('PRUEBA DE CORREO');
    const overview = valueOf<TechnicianOverview>(await t.terminal.handle('technician.overview', {}));
    expect(overview.lastTestEmail).toMatchObject({ ok: true, via: 'capture' });
    expect(overview.mail).toBe('capture');
    expect(overview.capturedMail[0]).toMatchObject({ subject: 'PRUEBA DE CORREO', maskedTo: sent.maskedTo });
    for (let i = 0; i < 4; i++) await t.terminal.handle('technician.testEmail', { to: 'soporte.quito@example.com' });
    expect(codeOf(await t.terminal.handle('technician.testEmail', { to: 'soporte.quito@example.com' }))).toBe(
      'rate_limited',
    );
    const audit = await centralAudit(t);
    expect(audit.filter((r) => r.action === 'technician.mail.test_sent')).toHaveLength(5);
    expect(audit.every((r) => r.subject === 'T001' && !(r.detail ?? '').includes('soporte.quito'))).toBe(true);
  });

  it('after full flows, neither the log files nor the diagnostics bundle hold a typed value or a secret', async () => {
    const t = await setup();
    await generateFlow(t, t.terminal);
    await recoverFlow(t, t.terminal);
    // a person who cancels half-way leaves nothing either
    await t.terminal.handle('session.start', { kind: 'recover' });
    await advance(t.terminal, { step: 'identify', idType: 'cedula', id: PEDRO.id, presence });
    await t.terminal.handle('session.cancel', { reason: 'user' });
    await asTechnician(t.terminal);
    await t.terminal.handle('technician.testEmail', { to: 'soporte.quito@example.com' });
    await t.terminal.handle('technician.configure', { settings: { officeName: 'IESS Ambato' } });
    await t.log.flush();
    const files = readdirSync(join(t.dir, 'logs'));
    expect(files.length).toBeGreaterThan(0);
    const logText = files.map((f) => readFileSync(join(t.dir, 'logs', f), 'utf8')).join('\n');
    // the logs did record the flows (so the grep below is not vacuous)
    expect(logText).toContain('"event":"session.start"');
    expect(
      logText
        .split('\n')
        .filter((l) => l.length > 0)
        .every((l) => JSON.parse(l) !== null),
    ).toBe(true);
    const bundle = valueOf<{ fileName: string; content: string }>(
      await t.terminal.handle('technician.diagnostics', {}),
    );
    expect(bundle.fileName).toMatch(/^diagnostico-KIOSCO-07-.*\.json$/);
    const parsed = JSON.parse(bundle.content) as {
      logs: { lines: string[] }[];
      configuration: Record<string, unknown>;
    };
    expect(parsed.logs.flatMap((f) => f.lines).some((l) => l.includes('session.start'))).toBe(true);
    expect(parsed.configuration).toMatchObject({ kioskEnrollCode: 'set', smtp: 'set', officeName: 'IESS Ambato' });
    for (const value of [...personal, ...secrets, 'soporte.quito']) {
      expect(logText, `log holds ${value}`).not.toContain(value);
      expect(bundle.content, `bundle holds ${value}`).not.toContain(value);
    }
  }, 60_000);
});
