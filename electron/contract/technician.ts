import { z } from 'zod';
import { OutboxHealth } from './health';

/**
 * The technician's screen (a staff terminal unlocked with a technician PIN): what it shows and
 * what it may change. Codes, counts, sizes and times only: never a person's data, never a secret.
 */

/** "HH:MM-HH:MM" on the kiosk's clock; may cross midnight (22:00-05:00). */
export const MAINTENANCE_WINDOW = /^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/;
export const UPDATE_CHANNEL = /^[a-z][a-z0-9-]{0,19}$/;

/**
 * What a technician may set on the kiosk. Each is optional: absent keeps what the environment
 * (or an earlier technician) set; `null` clears the technician's value and falls back to the
 * environment. Shapes only: the start-up schema (core config) has the last word.
 */
export const TechnicianSettings = z
  .object({
    centralUrl: z.string().max(300).nullable(),
    officeName: z.string().max(120).nullable(),
    // a number, or the digits as typed: the start-up schema reads them as the environment would
    idleWarnSeconds: z.union([z.number(), z.string().max(20)]).nullable(),
    idleResetSeconds: z.union([z.number(), z.string().max(20)]).nullable(),
    updateChannel: z.string().max(40).nullable(),
    maintenanceWindow: z.string().max(20).nullable(),
  })
  .partial()
  .strict();
export type TechnicianSettings = z.infer<typeof TechnicianSettings>;
export const settingNames = [
  'centralUrl',
  'officeName',
  'idleWarnSeconds',
  'idleResetSeconds',
  'updateChannel',
  'maintenanceWindow',
] as const;
export const SettingName = z.enum(settingNames);
export type SettingName = z.infer<typeof SettingName>;

/** Why a value was refused; the renderer says it with the field's name (i18n `technician.problem.<code>`). */
export const SettingProblemCode = z.enum([
  'url_invalid', // not a web address
  'url_not_tls', // a central elsewhere must be https://
  'text_invalid', // empty or too long
  'number_invalid', // not a whole number within range
  'reset_not_after_warn', // the reset must come after the warning
  'window_invalid', // not HH:MM-HH:MM
  'channel_invalid', // lower-case letters, digits, hyphen
]);
export type SettingProblemCode = z.infer<typeof SettingProblemCode>;
export const SettingProblem = z.object({ field: SettingName, problem: SettingProblemCode }).strict();
export type SettingProblem = z.infer<typeof SettingProblem>;

/** One setting as the screen shows it: the value in force and where it comes from. */
export const SettingValue = z
  .object({
    value: z.union([z.string(), z.number(), z.null()]),
    // 'environment' includes the documented default when the variable is unset
    source: z.enum(['environment', 'technician']),
    /** a change takes effect at the next start (the central's address: a new connection and enrollment) */
    restartNeeded: z.boolean(),
  })
  .strict();

export const ConfigureResult = z.discriminatedUnion('applied', [
  z
    .object({
      applied: z.literal(true),
      changed: z.array(SettingName),
      /** some change waits for the next start */
      restartNeeded: z.boolean(),
    })
    .strict(),
  // nothing was changed: every problem is listed, so the technician fixes them in one go
  z.object({ applied: z.literal(false), problems: z.array(SettingProblem).min(1) }).strict(),
]);
export type ConfigureResult = z.infer<typeof ConfigureResult>;

export const DeadLetter = z
  .object({
    id: z.string(),
    kind: z.string(),
    error: z.string().nullable(),
    attempts: z.number().int(),
    createdAt: z.number().int(),
    /** its payload is still there (session events, audit rows); a refused sealed clave is not kept */
    retriable: z.boolean(),
  })
  .strict();
export type DeadLetter = z.infer<typeof DeadLetter>;

export const UpdatePhase = z.enum(['none', 'checking', 'available', 'downloading', 'downloaded', 'installing']);
/** The updater as the technician sees it (and the heartbeat may carry): no URL, no key. */
export const UpdateStatus = z
  .object({
    /** false: this shell has no updater (the web host, or no UPDATE_URL) */
    enabled: z.boolean(),
    paused: z.boolean(),
    phase: UpdatePhase,
    version: z.string().nullable(),
    lastCheckAt: z.number().int().nullable(),
    lastFailure: z
      .object({ step: z.enum(['check', 'download', 'install']), error: z.string().max(300), at: z.number().int() })
      .strict()
      .nullable(),
  })
  .strict();
export type UpdateStatus = z.infer<typeof UpdateStatus>;

export const CapturedMailSummary = z
  .object({ maskedTo: z.string(), subject: z.string(), sentAt: z.number().int() })
  .strict();

export const TechnicianOverview = z
  .object({
    version: z.string(),
    kioskId: z.string(),
    officeName: z.string(),
    centralReachable: z.boolean(),
    /** 'remote': CENTRAL_URL; 'embedded': the central runs inside this kiosk (demo) */
    centralMode: z.enum(['remote', 'embedded']),
    /** the central sends the mail; 'capture' = the built-in mailbox (no SMTP configured) */
    mail: z.enum(['smtp', 'capture', 'unknown']),
    lastTestEmail: z
      .object({ at: z.number().int(), ok: z.boolean(), via: z.enum(['smtp', 'capture']).nullable() })
      .strict()
      .nullable(),
    /** the newest mails of the capture mailbox (recipient masked); empty with SMTP */
    capturedMail: z.array(CapturedMailSummary).max(20),
    outbox: OutboxHealth,
    deadLetters: z.array(DeadLetter).max(50),
    disk: z.object({ freeBytes: z.number().nullable(), totalBytes: z.number().nullable() }).strict(),
    databaseBytes: z.number().int().min(0),
    logBytes: z.number().int().min(0),
    recentErrors: z.array(z.object({ at: z.number().int(), event: z.string() }).strict()).max(50),
    settings: z.record(SettingName, SettingValue),
    update: UpdateStatus,
  })
  .strict();
export type TechnicianOverview = z.infer<typeof TechnicianOverview>;

export const UpdateCommand = z.enum(['check', 'install', 'pause', 'resume']);
export const UpdateRefusal = z.enum(['paused', 'session-running', 'nothing-downloaded', 'busy', 'disabled']);

export const technicianCalls = {
  /** Only on a screen unlocked with a technician PIN, else staff_required. */
  'technician.overview': { input: z.object({}).strict(), output: TechnicianOverview },
  /** Validated with the start-up schema; all or nothing; audited (names of what changed, never values of secrets). */
  'technician.configure': { input: z.object({ settings: TechnicianSettings }).strict(), output: ConfigureResult },
  /** Retry (back in the queue) or discard a dead letter; audited. */
  'technician.deadLetter': {
    input: z.object({ id: z.string().min(1).max(40), action: z.enum(['retry', 'discard']) }).strict(),
    output: z.object({ done: z.boolean() }).strict(),
  },
  /** The central sends a fixed test message to this address (rate limited there). */
  'technician.testEmail': {
    input: z.object({ to: z.string().min(3).max(254) }).strict(),
    output: z.object({ via: z.enum(['smtp', 'capture']), maskedTo: z.string() }).strict(),
  },
  /** One JSON file for support: logs, configuration without secrets, versions, outbox and health figures. */
  'technician.diagnostics': {
    input: z.object({}).strict(),
    output: z.object({ fileName: z.string(), content: z.string().max(8_000_000) }).strict(),
  },
  'technician.update': {
    input: z.object({ command: UpdateCommand }).strict(),
    output: z.discriminatedUnion('ok', [
      z.object({ ok: z.literal(true), update: UpdateStatus }).strict(),
      z.object({ ok: z.literal(false), reason: UpdateRefusal, update: UpdateStatus }).strict(),
    ]),
  },
} as const;
