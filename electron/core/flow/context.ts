import type { z } from 'zod';
import type { CentralClient, CentralFailure } from '../../../central/client';
import type {
  Catalogs,
  CredentialsRequest,
  CredentialsSecrets,
  Profile,
  SessionEventName,
} from '../../../central/contract';
import type {
  ChallengeQuestion,
  FlowKind,
  IdType,
  MailProvider,
  SecurityQuestion,
  StepInput,
} from '../../contract/flow';
import { fail, ok, type ErrorCode, type Result } from '../../contract/result';
import type { FlowState } from './machine';

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
  /**
   * The central could not send the mail: there is no link to wait for (it counts as expired, so
   * RESEND tries the mail again at once), and the SMS code is the way on meanwhile.
   */
  mailNotSent?: true;
};

/**
 * The SMS code beside the activation link. The kiosk holds only what the central showed: the
 * number masked, the code's expiry and the tries left; the code itself is only ever typed.
 */
export type SmsState =
  | { phase: 'offered'; maskedMobile: string }
  | {
      phase: 'code';
      maskedMobile: string;
      expiresAt: number;
      expired: boolean;
      resendAvailableAt: number;
      sendsLeft: number;
      attemptsLeft: number;
    }
  | { phase: 'closed'; reason: 'locked'; until?: number };

/** Resends of the activation mail or the employer code; trámite step 9: rate limited. */
export type Sends = { resendsUsed: number; lastSentAt: number };

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

export type Person = { idType: IdType; id: string };
/** What the central proved at trámite step 4: its grant (15 minutes) and the masked profile. */
export type Verified = { person: Person; grant: string; profile: Profile };
/** Normalised security answers: in memory for the session only, they leave sealed to the central. */
export type SecurityAnswer = { questionId: string; answer: string };
/** What a person generating chose at trámite steps 6 and 6b; recovering chooses nothing. */
export type Chosen = { answers: SecurityAnswer[]; image: string };
/**
 * Everything GENERAR needs once the mail factor (or the employer code) is proven: the grant, what
 * the clave may not contain, and what is sealed with it. Built when the step is passed, so the
 * later screens hold nothing else of the person.
 */
export type Finishing = {
  grant: string;
  personal: string[];
  secrets: Omit<CredentialsSecrets, 'password' | 'sealedAt'>;
};

/**
 * The screen a person is on and exactly what it may hold of them (a discriminated union on the
 * screen). What a screen does not carry cannot leak into it: the grant appears only once the
 * central issued it, a typed identifier never outlives the look-up, and the done and locked
 * screens hold nothing personal by construction. Forgetting the person is dropping this value.
 */
export type FlowStep =
  /** `typed`: kept after a refused BUSCAR, so "switch to Recuperar / Generar" re-runs it without retyping */
  | { screen: 'identify'; typed: IdentifyInput | null }
  | { screen: 'challenge'; person: Person; challenge: ChallengeSet }
  | { screen: 'confirmIdentity'; verified: Verified }
  /** `answers`: what the person gave before going back from the image (generate) */
  | { screen: 'securityQuestions'; verified: Verified; bank: SecurityQuestion[]; answers: SecurityAnswer[] | null }
  | {
      screen: 'securityImage';
      mode: 'choose';
      verified: Verified;
      images: string[];
      answers: SecurityAnswer[];
      /** the image chosen before going back from the email (generate) */
      image: string | null;
    }
  | { screen: 'securityImage'; mode: 'pick'; verified: Verified; images: string[]; attemptsLeft?: number }
  /** `contact`: what the person typed before going back from the confirm screen */
  | { screen: 'email'; verified: Verified; chosen: Chosen | null; contact: Contact | null }
  | { screen: 'confirmEmail'; verified: Verified; chosen: Chosen | null; contact: Contact }
  | {
      screen: 'activation';
      verified: Verified;
      chosen: Chosen | null;
      contact: Contact;
      wait: ActivationWait;
      sends: Sends;
      /** null: the central holds no mobile for the person, so the link is the only way */
      sms: SmsState | null;
    }
  | { screen: 'declaration'; finishing: Finishing }
  | { screen: 'password'; finishing: Finishing }
  | { screen: 'employerIdentify' }
  | { screen: 'employerCode'; grant: string; employer: EmployerData; sends: Sends }
  /** pending: the clave is queued, not yet confirmed by the central */
  | { screen: 'done'; finishedAt: number; pending: boolean }
  | { screen: 'locked'; from: FlowState; until?: number };

export type AtStep<S extends FlowState> = Extract<FlowStep, { screen: S }>;

/** What a step handler knows of its session besides the step: nothing personal. */
export type StepContext = { kind: FlowKind; sessionId: string; deps: FlowDeps };

/**
 * What a step handler decided: the step the session is on next, with its data. The same screen
 * means "stay" (a new challenge set after an expired one); another screen must be an edge of
 * the flow's table, which the session checks.
 */
export type StepOutcome = Result<FlowStep>;

/** Refusals of the central, as the kiosk's error codes. */
const rejectedCodes: Partial<Record<CentralErrorCode, ErrorCode>> = {
  not_found: 'not_found',
  locked: 'locked',
  rate_limited: 'rate_limited',
  grant_invalid: 'no_session', // the 15-minute verification is spent: start again
  activation_pending: 'activation_pending',
  activation_expired: 'activation_expired',
  mail_unavailable: 'mail_unavailable',
  sms_unavailable: 'sms_unavailable',
  // an unenrolled or revoked kiosk: the person can do nothing about it, the technician can
  unauthorized: 'central_unavailable',
};

/** A central failure as the renderer sees it: unreachable is said plainly, nothing is lost. */
export function centralFailure(failure: CentralFailure): Result<never> {
  if (failure.kind === 'rejected') return refusal(failure.error);
  if (failure.kind === 'unavailable' && failure.reason === 'mail') return fail('mail_unavailable');
  if (failure.kind === 'unavailable' && failure.reason === 'sms') return fail('sms_unavailable');
  return fail('central_unavailable');
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
export function lockedOrFailure(from: FlowState, failure: CentralFailure): StepOutcome {
  const lock = lockOf(failure);
  return lock ? lockedAt(from, lock.until) : centralFailure(failure);
}

/** The locked screen, remembering where it happened for the progress bar. */
export function lockedAt(from: FlowState, until: number | undefined): StepOutcome {
  return ok(until === undefined ? { screen: 'locked', from } : { screen: 'locked', from, until });
}
