import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { CentralClient, CentralFailure } from '../../../central/client';
import type { Catalogs, CredentialsRequest, Profile, SessionEventName } from '../../../central/contract';
import type {
  ChallengeQuestion,
  FlowKind,
  IdType,
  MailProvider,
  SecurityQuestion,
  StepInput,
} from '../../contract/flow';
import { fail, type ErrorCode, type Result } from '../../contract/result';
import type { Mailer } from '../mail/mailer';
import type { Facts, FlowState } from './machine';

export type LogFn = (event: string, fields?: Record<string, string | number | boolean>) => void;

/** Cancels a scheduled callback. */
export type Cancel = () => void;
export type Schedule = (run: () => void, ms: number) => Cancel;

export type CredentialsBody = z.input<typeof CredentialsRequest>;
/**
 * What became of a finished clave: the central has it; `pending` = queued but not yet confirmed
 * (the central is down or slow): it will be active in a few minutes; `refused` for good, with
 * the central's own code.
 */
/** A refusal code of the central's contract. */
export type CentralErrorCode = Extract<CentralFailure, { kind: 'rejected' }>['error'];
export type CredentialsDelivery =
  { state: 'delivered' } | { state: 'pending' } | { state: 'refused'; error: CentralErrorCode };
/** Where a finished clave goes: the outbox (DESIGN §4), under the caller's idempotency key. */
export type CredentialsSink = (
  body: CredentialsBody,
  idempotencyKey: string,
  sessionId: string,
) => Promise<CredentialsDelivery>;

/** Session milestones for the central's figures, under the session's random id (never the person's). */
export type SessionEventSink = (
  sessionId: string,
  event: SessionEventName,
  flow: FlowKind,
  step: string | null,
) => void;

export type RateCheck = { ok: true } | { ok: false; retryAfterSeconds: number };

/** What every step handler may use; all of it is shared by the kiosk, none of it is personal. */
export type FlowDeps = {
  central: CentralClient;
  mailer: Mailer;
  /** base of the central's public pages (the neutral "open your mail" help page) */
  centralPublicUrl: string;
  now: () => number;
  schedule: Schedule;
  catalogs: () => Promise<Result<Catalogs>>;
  /** trámite step 3: per-kiosk limit on BUSCAR, shared by every terminal of the kiosk */
  takeLookup: () => RateCheck;
  credentialsSink: CredentialsSink;
  sessionEvents: SessionEventSink;
  kioskId: string;
  officeName: string;
  log: LogFn;
};

export type IdentifyInput = Extract<StepInput, { step: 'identify' }>;

/** The minimum the central issued for one verification attempt. */
export type ChallengeSet = { id: string | null; questions: ChallengeQuestion[]; attemptsLeft: number };

export type ActivationWait = {
  expiresAt: number;
  ttlSeconds: number;
  expired: boolean;
  provider: MailProvider;
  qrSvg: string;
};

export type EmployerData = {
  ruc: string;
  legalRepId: string;
  name: string;
  /** the corporate address as the central masked it: the kiosk never learns it */
  maskedEmail: string;
  codeExpiresAt: number;
  attemptsLeft: number;
};

/**
 * Registered: typed at the kiosk, so the kiosk holds it until it is sealed to the central. On
 * file: the central showed it masked with its provider; the kiosk never learns the address.
 */
export type Contact =
  | { registered: true; email: string; mobile?: string; landline?: string }
  | { registered: false; maskedEmail: string; provider: MailProvider };

/**
 * One person's session, in memory only. Every field that identifies the person is dropped by
 * `forgetPerson` on cancel, finish and expiry; nothing here is ever logged.
 */
export type SessionData = {
  /** random, per session: the outbox aggregate of its events (never the person's id) */
  sessionId: string;
  kind: FlowKind;
  state: FlowState;
  startedAt: number;
  /** kept so "switch to Recuperar / Generar" re-runs BUSCAR without retyping */
  lastIdentify: IdentifyInput | null;
  person: { idType: IdType; id: string } | null;
  challenge: ChallengeSet | null;
  grant: string | null;
  profile: Profile | null;
  bank: SecurityQuestion[] | null;
  images: string[] | null;
  imageAttemptsLeft: number | undefined;
  /** normalised, in memory for the session only; they leave the kiosk sealed to the central */
  securityAnswers: { questionId: string; answer: string }[] | null;
  securityImage: string | null;
  contact: Contact | null;
  activation: ActivationWait | null;
  employer: EmployerData | null;
  /** resends of the activation mail or the employer code; trámite step 9: rate limited */
  sends: { resendsUsed: number; lastSentAt: number };
  /** the clave is queued in the outbox, not yet confirmed by the central */
  deliveryPending: boolean;
  locked: { from: FlowState; until?: number } | null;
  finishedAt: number | null;
};

export function newSessionData(
  kind: FlowKind,
  state: FlowState,
  now: number,
  sessionId: string = randomUUID(),
): SessionData {
  return {
    sessionId,
    kind,
    state,
    startedAt: now,
    lastIdentify: null,
    person: null,
    challenge: null,
    grant: null,
    profile: null,
    bank: null,
    images: null,
    imageAttemptsLeft: undefined,
    securityAnswers: null,
    securityImage: null,
    contact: null,
    activation: null,
    employer: null,
    sends: { resendsUsed: 0, lastSentAt: 0 },
    deliveryPending: false,
    locked: null,
    finishedAt: null,
  };
}

/** Drops everything that identifies the person; the flow position stays for the done screen. */
export function forgetPerson(s: SessionData): void {
  s.lastIdentify = null;
  s.person = null;
  s.challenge = null;
  s.grant = null;
  s.profile = null;
  s.securityAnswers = null;
  s.securityImage = null;
  s.contact = null;
  s.activation = null;
  s.employer = null;
}

/**
 * What a step handler decided: move on (the table picks where from the facts) or stay on the
 * same screen with a fresh view (a new challenge set after an expired one).
 */
export type StepEffect = { move: Facts } | { stay: true };
export type StepOutcome = Result<StepEffect>;
export const move = (facts: Facts = {}): StepOutcome => ({ ok: true, value: { move: facts } });
export const stay = (): StepOutcome => ({ ok: true, value: { stay: true } });

/** Refusals of the central, as the kiosk's error codes. */
const rejectedCodes: Partial<Record<CentralErrorCode, ErrorCode>> = {
  not_found: 'not_found',
  locked: 'locked',
  rate_limited: 'rate_limited',
  grant_invalid: 'no_session', // the 15-minute verification is spent: start again
  activation_pending: 'activation_pending',
  activation_expired: 'activation_expired',
  mail_unavailable: 'mail_unavailable',
  // an unenrolled or revoked kiosk: the person can do nothing about it, the technician can
  unauthorized: 'central_unavailable',
};

/** A central failure as the renderer sees it: unreachable is said plainly, nothing is lost. */
export function centralFailure(failure: CentralFailure): Result<never> {
  if (failure.kind === 'rejected') return refusal(failure.error);
  return fail(failure.kind === 'unavailable' && failure.reason === 'mail' ? 'mail_unavailable' : 'central_unavailable');
}

/** A refusal of the central (a call's answer or a dead outbox row's code) as the kiosk's error. */
export function refusal(code: CentralErrorCode): Result<never> {
  if (code === 'rate_limited') return fail('rate_limited', { retryAfterSeconds: 60 });
  // the kiosk ran the same policy module before sending, with every personal value it knows; what
  // only the central knows is the person's birth date, so that is the rule the clave broke
  if (code === 'password_policy') return fail('password_policy', { rules: ['personal'] });
  return fail(rejectedCodes[code] ?? 'internal');
}

/** The central's "locked" refusal (HTTP 423) and until when, or null for any other failure. */
export function lockOf(failure: CentralFailure): { until: number | undefined } | null {
  return failure.kind === 'rejected' && failure.error === 'locked' ? { until: failure.lockedUntil } : null;
}

/** A failed central call: the locked screen when the central says locked, else the error. */
export function lockedOrFailure(s: SessionData, failure: CentralFailure): StepOutcome {
  const lock = lockOf(failure);
  return lock ? lockHere(s, lock.until) : centralFailure(failure);
}

/** Moves to the locked screen, remembering where it happened for the progress bar. */
export function lockHere(s: SessionData, until: number | undefined): StepOutcome {
  s.locked = until === undefined ? { from: s.state } : { from: s.state, until };
  return move({ locked: true });
}
