import { z } from 'zod';
import { StaffRole } from './vocabulary';

/**
 * The fleet part of the central contract: heartbeats, the office live view, staff actions and the
 * figures. Everything here is codes, counts, step names and times: a heartbeat has no field that
 * could carry an identifier, a name, an email or anything typed (every string is an enum, a
 * step name of letters only, or an id the kiosk made up at random), so the live view cannot leak
 * one either. contract.ts names these in `routes`.
 */

/** What the kiosk is doing: idle (welcome), a person's session, the person's lockout screen, the offline banner, staff mode. */
export const KioskActivityState = z.enum(['idle', 'in_session', 'locked', 'offline', 'staff']);
export type KioskActivityState = z.infer<typeof KioskActivityState>;

/** A screen's name only (identify, challenge, activation…): letters, never a value. */
export const StepName = z.string().regex(/^[a-zA-Z]{1,30}$/);
/** An error code of the kiosk contract (central_unavailable, mail_unavailable…), never a message. */
export const ErrorCodeName = z.string().regex(/^[a-z_]{1,40}$/);
const randomId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);
const epochMs = z.number().int().min(0);
/** The office as the kiosk is configured (KIOSK_OFFICE): a place, not a person. */
export const OfficeName = z.string().min(1).max(80);

/** The kiosk's updater, as staff see it: a phase and the version it is fetching or installing. */
export const UpdatePhaseName = z.enum(['none', 'checking', 'available', 'downloading', 'downloaded', 'installing']);
export const FleetUpdate = z
  .object({
    phase: UpdatePhaseName,
    version: z
      .string()
      .regex(/^[0-9A-Za-z.+-]{1,40}$/)
      .nullable(),
    failed: z.boolean(),
  })
  .strict();
export type FleetUpdate = z.infer<typeof FleetUpdate>;

export const PendingHelp = z.object({ id: randomId, screen: StepName, since: epochMs }).strict();
export type PendingHelp = z.infer<typeof PendingHelp>;

export const Heartbeat = z
  .object({
    office: OfficeName,
    version: z.string().regex(/^[0-9A-Za-z.+-]{1,40}$/),
    state: KioskActivityState,
    /** the current step as a screen name only; null when idle */
    step: StepName.nullable(),
    /** when the state or the step last changed (kiosk clock) */
    since: epochMs,
    outbox: z.object({ depth: z.number().int().min(0), deadLetters: z.number().int().min(0) }).strict(),
    help: PendingHelp.nullable(),
    lastError: ErrorCodeName.nullable(),
    /** null: this kiosk does not update itself (web host, no UPDATE_URL) */
    update: FleetUpdate.nullable().default(null),
  })
  .strict();
export type Heartbeat = z.infer<typeof Heartbeat>;

/** What staff asked of a kiosk; it learns them in its next heartbeat's answer. */
export const FleetCommand = z.discriminatedUnion('kind', [
  z.object({ id: randomId, kind: z.literal('help.attended'), helpId: randomId }).strict(),
  z.object({ id: randomId, kind: z.literal('session.end') }).strict(),
]);
export type FleetCommand = z.infer<typeof FleetCommand>;
export const HeartbeatResponse = z
  .object({ commands: z.array(FleetCommand).max(20), offlineAfterMs: z.number().int() })
  .strict();
export type HeartbeatResponse = z.infer<typeof HeartbeatResponse>;

/**
 * A staff member proves a PIN to the central (through a kiosk or a supervisor window the central
 * authenticated) and gets a short-lived session token bound to that kiosk; the live view and every
 * staff action need both the kiosk's signature and this token.
 */
export const StaffSessionRequest = z.object({ pin: z.string().regex(/^\d{4,8}$/), office: OfficeName }).strict();
export const StaffSessionResponse = z
  .object({ token: z.string().min(32).max(100), staffId: z.string(), role: StaffRole, expiresAt: epochMs })
  .strict();
export type StaffSessionResponse = z.infer<typeof StaffSessionResponse>;
export const STAFF_SESSION_HEADER = 'x-staff-session';

const staffToken = z.string().min(32).max(100);
export const AttendHelpRequest = z
  .object({ session: staffToken, kioskId: z.string().max(40), helpId: randomId })
  .strict();
export const AttendHelpResponse = z.object({ attended: z.boolean() }).strict();
export const EndSessionRequest = z.object({ session: staffToken, kioskId: z.string().max(40) }).strict();
export const EndSessionResponse = z.object({ queued: z.boolean() }).strict();

/** One tile of the office live view. */
export const LiveTile = z
  .object({
    kioskId: z.string(),
    office: OfficeName,
    online: z.boolean(),
    state: KioskActivityState,
    step: StepName.nullable(),
    since: epochMs,
    lastSeen: epochMs,
    version: z.string(),
    outboxDepth: z.number().int().min(0),
    deadLetters: z.number().int().min(0),
    help: PendingHelp.nullable(),
    lastError: ErrorCodeName.nullable(),
    /** on one step for over STUCK_AFTER_MS */
    stuck: z.boolean(),
    update: FleetUpdate.nullable(),
  })
  .strict();
export type LiveTile = z.infer<typeof LiveTile>;

/** The SSE `data` of the live view: the whole view at (re)connect, then one tile per change. */
export const LiveEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('snapshot'), tiles: z.array(LiveTile) }).strict(),
  z.object({ type: z.literal('tile'), tile: LiveTile }).strict(),
]);
export type LiveEvent = z.infer<typeof LiveEvent>;
export const LIVE_PATH = '/api/v1/fleet/live';
/** No heartbeat for this long: the tile says offline (cleared by the next heartbeat). */
export const OFFLINE_AFTER_MS = 10_000;
/** On one step for longer than this: the tile is flagged. */
export const STUCK_AFTER_MS = 3 * 60_000;

// --- quejas ------------------------------------------------------------------------------------
export const QuejaCategory = z.enum(['slow', 'screen', 'not_understood', 'email_not_received', 'error', 'other']);
export type QuejaCategory = z.infer<typeof QuejaCategory>;
/** "Reportar un problema": a category and optional text; nothing identifies the person. */
export const QuejaPayload = z
  .object({ category: QuejaCategory, text: z.string().max(500).nullable(), step: StepName.nullable(), at: epochMs })
  .strict();
export type QuejaPayload = z.infer<typeof QuejaPayload>;

// --- figures -----------------------------------------------------------------------------------
export const FiguresRequest = z
  .object({ session: staffToken, scope: z.enum(['office', 'all']), office: OfficeName.optional() })
  .strict();
const counts = {
  started: z.number().int(),
  finished: z.number().int(),
  cancelled: z.number().int(),
  timedOut: z.number().int(),
  lockedOut: z.number().int(),
  activationEmails: z.number().int(),
  linksExpired: z.number().int(),
};
export const FigureCounts = z.object(counts).strict();
export type FigureCounts = z.infer<typeof FigureCounts>;
/** The trámite's transparency table: one row per month, newest first. */
export const MonthRow = z
  .object({
    year: z.number().int(),
    month: z.number().int().min(1).max(12),
    quejas: z.number().int(),
    atenciones: z.number().int(),
    ...counts,
  })
  .strict();
export type MonthRow = z.infer<typeof MonthRow>;
export const FiguresResponse = z
  .object({
    scope: z.enum(['office', 'all']),
    office: z.string().nullable(),
    today: FigureCounts.extend({ quejas: z.number().int(), atenciones: z.number().int() }),
    months: z.array(MonthRow),
    /** median seconds spent on each step, over the sessions that left it */
    medianStepSeconds: z.record(z.string(), z.number()),
  })
  .strict();
export type FiguresResponse = z.infer<typeof FiguresResponse>;
