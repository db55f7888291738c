import { z } from 'zod';
import { StaffRole } from '../../domain/vocabulary';
import { FiguresResponse, LiveTile, QuejaCategory } from '../../domain/fleet';
import { FlowKind, FlowView, PasswordCheck, StepInput } from './flow';
import { OutboxHealth } from './health';
import { technicianCalls } from './technician';

const empty = z.object({}).strict();

export const Locale = z.enum(['es-EC', 'en']);
export type Locale = z.infer<typeof Locale>;

/**
 * Why this kiosk serves no one until a technician acts: it starts anyway, shows the technician
 * what to fix, and prints the same on stderr (docs/security.md, "Safe defaults").
 */
export const SetupProblem = z.enum([
  'central_required', // packaged build without CENTRAL_URL (it never starts the demo central)
  'central_not_https', // packaged build with an http:// central
  'config_invalid', // an environment variable failed its rule
  'keystore_unavailable', // packaged build without an OS keystore to seal the kiosk key
  'enroll_code_missing', // CENTRAL_URL set, never enrolled, no KIOSK_ENROLL_CODE
  'enroll_refused', // the central refused the enrollment (wrong code, KIOSK_ID held by another key, revoked)
]);
export type SetupProblem = z.infer<typeof SetupProblem>;

export const SetupNotice = z
  .object({
    problem: SetupProblem,
    /** the environment variables to look at, by name (never their values) */
    variables: z.array(z.string().regex(/^[A-Z_]{1,40}$/)).max(6),
  })
  .strict();
export type SetupNotice = z.infer<typeof SetupNotice>;

/** Where the kiosk's sound goes: personal values are spoken only through headphones. */
export const AudioRoute = z.enum(['speaker', 'headphones']);
export type AudioRoute = z.infer<typeof AudioRoute>;

export const AppInfo = z
  .object({
    kioskId: z.string(),
    officeName: z.string(),
    version: z.string(),
    locale: Locale,
    idleWarnSeconds: z.number().int().min(1),
    idleResetSeconds: z.number().int().min(1),
    role: z.enum(['kiosk', ...StaffRole.options]),
    /** The central answered the last call (false: say plainly what works offline).
     * Optional only so older fixtures still parse; the core always sends it. */
    centralReachable: z.boolean().optional(),
    /** present while the kiosk needs a technician: the screen says so and offers no trámite */
    setup: SetupNotice.optional(),
    /** Spoken guidance: the sound's route now (later changes arrive as 'speech.route'), and the
     * physical key (a KeyboardEvent.key) that turns the spoken-guidance mode on and off. */
    audioRoute: AudioRoute.optional(),
    speechKey: z.string().min(1).max(40).optional(),
  })
  .strict();
export type AppInfo = z.infer<typeof AppInfo>;

export { StaffRole } from '../../domain/vocabulary';

export { OutboxHealth } from './health';

/** What an unlocked staff terminal sees of this kiosk: codes, counts and times, never personal data. */
export const StaffOverview = z
  .object({
    role: StaffRole,
    kioskId: z.string(),
    officeName: z.string(),
    centralReachable: z.boolean(),
    outbox: OutboxHealth,
    /** "Solicitar ayuda" waiting on any screen of this kiosk, oldest first */
    helpRequests: z.array(z.object({ id: z.string(), screen: z.string(), requestedAt: z.number().int() }).strict()),
    /** when the catalogs (question bank, images, staff) were last confirmed by the central */
    catalogsFetchedAt: z.number().int().nullable(),
  })
  .strict();
export type StaffOverview = z.infer<typeof StaffOverview>;

export { LiveTile, QuejaCategory, FiguresResponse } from '../../domain/fleet';
/** The live view as a supervisor screen sees it: the office's kiosks first, then the others. */
export const SupervisionView = z
  .object({ office: z.string(), connected: z.boolean(), tiles: z.array(LiveTile) })
  .strict();
export type SupervisionView = z.infer<typeof SupervisionView>;

export const CancelReason = z.enum(['user', 'idle', 'finish']);
export type CancelReason = z.infer<typeof CancelReason>;

/**
 * Every call the renderer can make. One table: preload, main, the web host and the renderer
 * client all derive their types and validation from it.
 */
export const kioskCalls = {
  'app.info': { input: empty, output: AppInfo },
  /** Trámite step 1: start Generar / Recuperar / Empleador. Replaces any session in progress. */
  'session.start': { input: z.object({ kind: FlowKind }).strict(), output: FlowView },
  'session.view': { input: empty, output: FlowView.nullable() },
  'session.advance': { input: StepInput, output: FlowView },
  /** From the identify screen: switch generate ↔ recover keeping what was typed. */
  'session.switchKind': { input: z.object({ kind: FlowKind }).strict(), output: FlowView },
  'session.resend': { input: empty, output: FlowView },
  /** "Volver" (and "Corregir"): one screen back where the view says `canGoBack`, keeping what was typed. */
  'session.back': { input: empty, output: FlowView },
  /** "No soy yo" on the identity confirm: the looked-up person is dropped, identification starts again. */
  'session.notMe': { input: empty, output: FlowView },
  /**
   * The person touched the screen (sent at most every few seconds): the core's own idle clock
   * starts again, as the renderer's does. Typing an email makes no other call for minutes.
   */
  'session.touch': { input: empty, output: z.object({ at: z.number().int() }).strict() },
  'session.cancel': {
    input: z.object({ reason: CancelReason }).strict(),
    output: z.object({ ended: z.boolean() }).strict(),
  },
  'password.check': {
    input: z.object({ password: z.string().max(64), repeat: z.string().max(64) }).strict(),
    output: PasswordCheck,
  },
  /** Spoken guidance ("Escuchar"): WAV bytes, base64, made on the kiosk with no network. */
  'speech.say': {
    input: z.object({ text: z.string().min(1).max(800), locale: Locale }).strict(),
    output: z.object({ wav: z.string().max(6_000_000) }).strict(),
  },
  'help.request': {
    input: z.object({ screen: z.string().regex(/^[a-zA-Z]{1,30}$/) }).strict(),
    output: z.object({ requestedAt: z.number().int() }).strict(),
  },
  /** Staff: the outbox's health (DESIGN §4): rows waiting, the oldest one, last delivery, dead letters. */
  'sync.status': { input: empty, output: OutboxHealth },
  /**
   * After the hidden gesture, a staff PIN turns this screen into a supervisor or
   * technician terminal until `until` (auto-lock). Errors: pin_wrong (attemptsLeft), locked
   * (retryAfterSeconds; 5 wrong PINs lock the kiosk's PIN entry for 15 minutes). Ends any person
   * session on this screen.
   */
  'staff.unlock': {
    input: z.object({ pin: z.string().regex(/^\d{4,8}$/) }).strict(),
    output: z.object({ id: z.string().max(40), role: StaffRole, name: z.string(), until: z.number().int() }).strict(),
  },
  /** Back to the kiosk; always succeeds. */
  'staff.lock': { input: empty, output: z.object({ locked: z.literal(true) }).strict() },
  /** Only on an unlocked staff terminal, else staff_required. */
  'staff.overview': { input: empty, output: StaffOverview },
  /** Staff answered a "Solicitar ayuda": the screen that asked hears 'help.acknowledged'. */
  'staff.acknowledgeHelp': {
    input: z.object({ id: z.string().min(1).max(64) }).strict(),
    output: z.object({ acknowledged: z.boolean() }).strict(),
  },
  // the technician's screen: configuration, dead letters, test email, diagnostics, updates
  ...technicianCalls,
  // --- office supervision (electron/core/fleet): a supervisor's screen, and quejas from any screen
  /** Supervisor only: the office live view; then 'supervision.tiles' on every change. */
  'supervision.watch': { input: empty, output: SupervisionView },
  /** Supervisor: "Atender" a kiosk's help request; the kiosk hears help is coming. */
  'supervision.attend': {
    input: z.object({ kioskId: z.string().max(40), helpId: z.string().max(64) }).strict(),
    output: z.object({ attended: z.boolean() }).strict(),
  },
  /** Supervisor: end a kiosk's session remotely (the screen warns first when someone is mid-session). */
  'supervision.endSession': {
    input: z.object({ kioskId: z.string().max(40) }).strict(),
    output: z.object({ queued: z.boolean() }).strict(),
  },
  /** Supervisor: the figures ("Cifras") of this office or of all offices. */
  'supervision.figures': {
    input: z.object({ scope: z.enum(['office', 'all']) }).strict(),
    output: FiguresResponse,
  },
  /** "Reportar un problema": queued in the outbox; no personal data is asked for. */
  'queja.report': {
    input: z
      .object({
        category: QuejaCategory,
        text: z.string().max(500),
        step: z.string().regex(/^[a-zA-Z]{1,30}$/),
      })
      .strict(),
    output: z.object({ queued: z.literal(true) }).strict(),
  },
} as const;

/** Calls answered by the fleet module around the core (electron/core/fleet), not by the flow core. */
export const fleetCallNames = [
  'supervision.watch',
  'supervision.attend',
  'supervision.endSession',
  'supervision.figures',
  'queja.report',
] as const;
export type FleetCallName = (typeof fleetCallNames)[number];

export type KioskCalls = typeof kioskCalls;
export type CallName = keyof KioskCalls;
export type CallInput<C extends CallName> = z.infer<KioskCalls[C]['input']>;
export type CallOutput<C extends CallName> = z.infer<KioskCalls[C]['output']>;
export const callNames = Object.keys(kioskCalls) as CallName[];
export const isCallName = (name: string): name is CallName => Object.hasOwn(kioskCalls, name);

/** Pushed from core to renderer. */
export const kioskEvents = {
  /** The flow moved without the renderer asking (activation confirmed on the phone, expiry). */
  'session.changed': FlowView.nullable(),
  /** Staff answered a "Solicitar ayuda". */
  'help.acknowledged': z.object({ at: z.number().int() }).strict(),
  /** The central became reachable or unreachable (sent to every screen), since when. */
  'central.status': z.object({ reachable: z.boolean(), since: z.number().int() }).strict(),
  /** Headphones plugged in or out (sent to every screen). */
  'speech.route': z.object({ route: AudioRoute }).strict(),
  /** This screen left staff mode without asking: the unlock expired. */
  'staff.locked': z.object({ reason: z.enum(['expired']) }).strict(),
  /** The office live view changed (supervisor screens that asked 'supervision.watch'). */
  'supervision.view': SupervisionView,
} as const;
export type KioskEvents = typeof kioskEvents;
export type EventName = keyof KioskEvents;
export type EventPayload<E extends EventName> = z.infer<KioskEvents[E]>;

/** Largest serialized message accepted on any channel; 1 MB strings are rejected before parsing. */
export const MAX_MESSAGE_BYTES = 16 * 1024;
