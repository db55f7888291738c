import { z } from 'zod';
import { FlowKind, FlowView, PasswordCheck, StepInput } from './flow';

const empty = z.object({}).strict();

export const Locale = z.enum(['es-EC', 'en']);
export type Locale = z.infer<typeof Locale>;

export const AppInfo = z
  .object({
    kioskId: z.string(),
    officeName: z.string(),
    version: z.string(),
    locale: Locale,
    idleWarnSeconds: z.number().int().min(1),
    idleResetSeconds: z.number().int().min(1),
    role: z.enum(['kiosk', 'supervisor', 'technician']),
  })
  .strict();
export type AppInfo = z.infer<typeof AppInfo>;

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
  'session.cancel': { input: z.object({ reason: CancelReason }).strict(), output: z.object({ ended: z.boolean() }).strict() },
  'password.check': {
    input: z.object({ password: z.string().max(64), repeat: z.string().max(64) }).strict(),
    output: PasswordCheck,
  },
  'help.request': {
    input: z.object({ screen: z.string().regex(/^[a-zA-Z]{1,30}$/) }).strict(),
    output: z.object({ requestedAt: z.number().int() }).strict(),
  },
  /** Staff: the outbox's health (DESIGN §4): rows waiting, the oldest one, last delivery, dead letters. */
  'sync.status': {
    input: empty,
    output: z
      .object({
        depth: z.number().int().min(0),
        oldestPendingAt: z.number().int().nullable(),
        lastDeliveredAt: z.number().int().nullable(),
        deadLetters: z.number().int().min(0),
      })
      .strict(),
  },
} as const;

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
} as const;
export type KioskEvents = typeof kioskEvents;
export type EventName = keyof KioskEvents;
export type EventPayload<E extends EventName> = z.infer<KioskEvents[E]>;

/** Largest serialized message accepted on any channel; 1 MB strings are rejected before parsing. */
export const MAX_MESSAGE_BYTES = 16 * 1024;
