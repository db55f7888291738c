import type { Kysely } from 'kysely';
import type { TechnicianAuditPayload } from '../../../central/contract';
import { maskEmail } from '../../../domain/mask';
import {
  discardDeadLetter,
  listDeadLetters,
  readSettings,
  requeueDeadLetter,
  writeSettings,
} from '../../../db/kiosk/technician';
import type { KioskDb } from '../../../db/kiosk/schema';
import { fail, ok, type Result } from '../../contract/result';
import {
  settingNames,
  type ConfigureResult,
  type SettingName,
  type TechnicianOverview,
  type TechnicianSettings,
} from '../../contract/technician';
import type { KioskConfig } from '../config';
import type { LogFn } from '../flow/context';
import type { LogProblem } from '../log';
import type { KioskParts } from '../parts';
import { buildDiagnostics } from './diagnostics';
import { databaseBytes, diskOf, logBytes } from './health';
import { applyLive, describeSettings, validateSettings, type Overrides } from './settings';
import { noUpdates, type UpdateAnswer, type UpdateCommand, type UpdateControl } from './updates';

/** The part of the capture mailbox (no SMTP configured) the screen shows: who (masked), what, when. */
export type MailboxView = { list(): { to: string; subject: string; sentAt: number }[] };

/** What the technician's calls work with; the shell adds its own parts (log files, updater). */
export type TechnicianDeps = {
  /** the configuration the running core reads: live settings are copied into it */
  config: KioskConfig;
  /** the configuration as the environment gave it at start, before any technician's value */
  baseConfig: KioskConfig;
  parts: Pick<KioskParts, 'kioskDb' | 'outbox' | 'central'>;
  version: string;
  now: () => number;
  log: LogFn;
  centralMode: 'remote' | 'embedded';
  mailbox: MailboxView | null;
  /** the log folder and the recent problems the file log kept (absent: no file log, as in tests) */
  logs?: { dir: string; recentProblems(): LogProblem[] };
  updates?: UpdateControl;
  versions?: Record<string, string>;
};

/** What the shell (boot) adds to the technician's screen; the core builds the rest from its parts. */
export type TechnicianShellParts = Partial<
  Pick<TechnicianDeps, 'baseConfig' | 'centralMode' | 'logs' | 'updates' | 'versions' | 'mailbox'>
>;

export interface TechnicianService {
  overview(): Promise<TechnicianOverview>;
  configure(staffId: string, settings: TechnicianSettings): Promise<ConfigureResult>;
  deadLetter(staffId: string, id: string, action: 'retry' | 'discard'): Promise<boolean>;
  testEmail(staffId: string, to: string): Promise<Result<{ via: 'smtp' | 'capture'; maskedTo: string }>>;
  diagnostics(): Promise<{ fileName: string; content: string }>;
  update(staffId: string, command: UpdateCommand): Promise<UpdateAnswer>;
}

export const AUDIT_AGGREGATE = 'technician';
const EMAIL = /^[^\s@<>"']{1,64}@[^\s@<>"']+\.[^\s@<>"']{2,}$/;

/** The stored overrides, keeping only known settings of the right type (a hand-edited row is ignored). */
export async function loadOverrides(db: Kysely<KioskDb>): Promise<Overrides> {
  const out: Overrides = {};
  for (const row of await readSettings(db)) {
    if (!(settingNames as readonly string[]).includes(row.name)) continue;
    if (typeof row.value === 'string' || typeof row.value === 'number') out[row.name as SettingName] = row.value;
  }
  return out;
}

/**
 * The configuration the kiosk starts with: the environment's, with what a technician stored
 * written over it. A stored set the schema now refuses (the environment changed under it) is
 * left out whole, and said in the log, rather than half applied.
 */
export async function configWithSettings(
  base: KioskConfig,
  db: Kysely<KioskDb>,
  log: LogFn,
): Promise<{ config: KioskConfig; overrides: Overrides }> {
  const stored = await loadOverrides(db);
  if (Object.keys(stored).length === 0) return { config: base, overrides: stored };
  const checked = validateSettings(base, stored, {});
  if (!checked.ok) {
    log('technician.settings_refused', { fields: checked.problems.map((p) => p.field).join(',') });
    return { config: base, overrides: {} };
  }
  return { config: checked.config, overrides: stored };
}

export function createTechnicianService(deps: TechnicianDeps): TechnicianService {
  const { kioskDb, outbox, central } = deps.parts;
  const updates = deps.updates ?? noUpdates;
  let lastTestEmail: TechnicianOverview['lastTestEmail'] = null;

  /** The central keeps the audit log: the row goes through the outbox, in the caller's transaction. */
  const audit = (payload: Omit<TechnicianAuditPayload, 'at'>, trx?: Kysely<KioskDb>) =>
    outbox.append(
      'technician.audit',
      AUDIT_AGGREGATE,
      { ...payload, at: deps.now() },
      undefined,
      trx as Parameters<typeof outbox.append>[4],
    );

  const overview = async (): Promise<TechnicianOverview> => {
    const dataDir = deps.config.dataDir;
    const overrides = await loadOverrides(kioskDb);
    const dead = await listDeadLetters(kioskDb, 50);
    return {
      version: deps.version,
      kioskId: deps.config.kioskId,
      officeName: deps.config.officeName,
      centralReachable: central.reachability.current().reachable,
      centralMode: deps.centralMode,
      mail: deps.mailbox ? 'capture' : deps.centralMode === 'embedded' ? 'smtp' : 'unknown',
      lastTestEmail,
      capturedMail: (deps.mailbox?.list() ?? [])
        .slice(0, 20)
        .map((m) => ({ maskedTo: maskEmail(m.to), subject: m.subject, sentAt: m.sentAt })),
      outbox: await outbox.status(),
      deadLetters: dead.map((d) => ({
        id: d.id,
        kind: d.kind,
        error: d.last_error,
        attempts: d.attempts,
        createdAt: d.created_at,
        retriable: d.payload !== '{}',
      })),
      disk: diskOf(dataDir),
      databaseBytes: databaseBytes(dataDir),
      logBytes: deps.logs ? logBytes(deps.logs.dir) : 0,
      recentErrors: (deps.logs?.recentProblems() ?? []).map(({ at, event }) => ({ at, event })),
      settings: describeSettings(deps.config, overrides),
      update: updates.status(),
    };
  };

  // one change at a time: two technician screens must not interleave read-validate-write
  let configuring: Promise<unknown> = Promise.resolve();
  const configureNow = async (staffId: string, settings: TechnicianSettings): Promise<ConfigureResult> => {
    const stored = await loadOverrides(kioskDb);
    const checked = validateSettings(deps.baseConfig, stored, settings);
    if (!checked.ok) {
      deps.log('technician.config_refused', { fields: checked.problems.map((p) => p.field).join(',') });
      return { applied: false, problems: checked.problems };
    }
    const changed = settingNames.filter((name) => stored[name] !== checked.overrides[name]);
    if (changed.length > 0) {
      const changes = changed.map((name) => ({ name, value: checked.overrides[name] ?? null }));
      // who, what (the names; values of these settings are no secret, but the audit keeps names
      // only, so a later secret setting cannot leak through it) and when, with the change itself
      await writeSettings(kioskDb, changes, staffId, deps.now(), async (trx) => {
        await audit({ staffId, action: 'config.changed', detail: changed.join(',') }, trx);
      });
      applyLive(deps.config, checked.config);
    }
    const restartNeeded = changed.some((name) => name === 'centralUrl');
    deps.log('technician.config_changed', { fields: changed.join(','), restartNeeded });
    return { applied: true, changed, restartNeeded };
  };

  return {
    overview,
    configure(staffId, settings) {
      const result = configuring.then(() => configureNow(staffId, settings));
      configuring = result.catch(() => undefined);
      return result;
    },
    async deadLetter(staffId, id, action) {
      const done =
        action === 'retry' ? await requeueDeadLetter(kioskDb, id, deps.now()) : await discardDeadLetter(kioskDb, id);
      if (!done) return false;
      await audit({ staffId, action: action === 'retry' ? 'deadletter.retried' : 'deadletter.discarded', detail: id });
      // a discarded row's bytes leave the file too
      if (action === 'discard') await outbox.scrub();
      deps.log(`technician.deadletter_${action}`);
      return true;
    },
    async testEmail(staffId, to) {
      const address = to.trim();
      if (!EMAIL.test(address)) return fail('email_invalid', { field: 'to' });
      const sent = await central.call('testMail', { to: address, staffId }, { timeoutMs: 20_000 });
      const at = deps.now();
      if (sent.ok) {
        lastTestEmail = { at, ok: true, via: sent.value.via };
        deps.log('technician.test_email', { via: sent.value.via });
        return ok(sent.value);
      }
      lastTestEmail = { at, ok: false, via: null };
      const failure = sent.failure;
      deps.log('technician.test_email_failed', { kind: failure.kind });
      if (failure.kind === 'unavailable' && failure.reason === 'mail') return fail('mail_unavailable');
      if (failure.kind === 'rejected' && failure.error === 'rate_limited') return fail('rate_limited');
      if (failure.kind === 'rejected' && failure.error === 'invalid_request')
        return fail('email_invalid', { field: 'to' });
      return fail('central_unavailable');
    },
    async diagnostics() {
      const view = await overview();
      deps.log('technician.diagnostics');
      return buildDiagnostics({
        now: deps.now(),
        config: deps.config,
        overview: view,
        logDir: deps.logs?.dir ?? '',
        versions: { app: deps.version, node: process.versions.node, ...(deps.versions ?? {}) },
      });
    },
    async update(staffId, command) {
      const answer = updates.command(command);
      if (answer.ok) await audit({ staffId, action: 'update.command', detail: command });
      deps.log('technician.update', { command, ok: answer.ok });
      return answer;
    },
  };
}
