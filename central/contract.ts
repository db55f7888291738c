import { z } from 'zod';
import {
  ChallengeQuestion,
  FlowKind,
  IdType,
  ImageId,
  MailProvider,
  SecurityQuestion,
  StaffRole,
} from '../domain/vocabulary';

/**
 * The HTTP contract between a kiosk and the central IESS service (v1). The embedded reference
 * server and the kiosk's client are both written against these schemas; docs/central-openapi.json
 * is generated from them.
 *
 * Every kiosk route is authenticated: `Authorization: Kiosk <jws>`, a short-lived EdDSA token
 * signed with the kiosk's enrolled key over the method, path and body (central/kiosk-auth.ts;
 * docs/security.md). Unknown, unenrolled or revoked kiosks and replayed requests get 401. Writes
 * carry `Idempotency-Key`; the central applies each key at most once per kiosk. Personal data crosses only after the person passed verification, and only
 * to the kiosk core, which keeps it in memory for the session.
 */
export const API = '/api/v1';

export const Intent = z.enum(['generate', 'recover']);
const grant = z.string().min(20).max(100);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const CentralErrorCode = z.enum([
  'invalid_request',
  'not_found',
  'locked',
  'grant_invalid', // unknown or expired verification grant
  'activation_pending',
  'activation_expired',
  'rate_limited',
  'password_policy', // the central's policy refused the clave (it checks, whatever the kiosk said)
  'unauthorized', // no valid signature of an enrolled, unrevoked kiosk, or a replayed request
  'conflict',
  'mail_unavailable', // the central's SMTP server refused or did not answer: the person may try again
  'sms_unavailable', // the SMS centre refused or did not answer: try again, or use the email link
  'internal',
]);
export const CentralError = z
  .object({
    error: CentralErrorCode,
    lockedUntil: z.number().int().optional(),
    /** with rate_limited, when known: how long until the same request may succeed */
    retryAfterSeconds: z.number().int().min(1).optional(),
  })
  .strict();
export type CentralError = z.infer<typeof CentralError>;

// --- identity -------------------------------------------------------------------------------
export const LookupRequest = z.object({ idType: IdType, id: z.string().max(20) }).strict();
export const LookupResponse = z.discriminatedUnion('found', [
  z.object({ found: z.literal(false) }).strict(),
  z
    .object({
      found: z.literal(true),
      hasPassword: z.boolean(),
      locked: z.boolean(),
      lockedUntil: z.number().int().optional(),
      attemptsLeft: z.number().int().min(0),
    })
    .strict(),
]);

/**
 * A fresh set of challenge questions; drawn anew after each wrong attempt. The intent is the
 * central's to decide (recover when the person has a clave); a kiosk may say what it expects,
 * and a mismatch is refused rather than followed.
 */
export const ChallengeRequest = z
  .object({ idType: IdType, id: z.string().max(20), intent: Intent.optional() })
  .strict();
export const ChallengeResponse = z
  .object({ challengeId: z.string(), questions: z.array(ChallengeQuestion), attemptsLeft: z.number().int().min(0) })
  .strict();

export const VerifyRequest = z
  .object({
    challengeId: z.string().max(100),
    birthDay: z.number().int().min(1).max(31),
    birthMonth: z.number().int().min(1).max(12),
    answers: z.array(z.object({ questionId: z.string().max(40), answer: z.string().max(100) }).strict()).max(10),
  })
  .strict();

/**
 * Only for the kiosk core, after verification: never forwarded to the renderer. It holds no
 * unmasked datum of the person: a kiosk (or whoever controls one) learns no more than the
 * screens show. The birth date is not here: the central's policy check refuses a clave that
 * contains it, so the kiosk needs it for nothing.
 */
export const Profile = z
  .object({
    /** for the confirm screen: 'María F. Q. T.' */
    maskedName: z.string(),
    /**
     * trámite step 7: the address on file, masked, with its provider; null unless the data was
     * updated in person (otherwise the person registers one and the address on file is not shown)
     */
    emailOnFile: z.object({ masked: z.string(), provider: MailProvider }).strict().nullable(),
    dataUpdatedInPerson: z.boolean(),
    hasPassword: z.boolean(),
    /** recover: nine candidates including the person's own image; null when none was set */
    imageCandidates: z.array(ImageId).nullable(),
  })
  .strict();
export type Profile = z.infer<typeof Profile>;

export const VerifyResponse = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), grant, profile: Profile }).strict(),
  z
    .object({
      ok: z.literal(false),
      attemptsLeft: z.number().int().min(0),
      locked: z.boolean(),
      lockedUntil: z.number().int().optional(),
    })
    .strict(),
]);

/** recover: the person picks their image among nine; a wrong pick counts as an attempt. */
export const ImageCheckRequest = z.object({ grant, imageId: ImageId }).strict();
export const ImageCheckResponse = VerifyResponse.options[1].or(z.object({ ok: z.literal(true) }).strict());

// --- activation (trámite steps 9–10) ---------------------------------------------------------
/**
 * The central mails the link itself. `email` is the address typed to register; it is refused
 * when the person's data was updated in person (the address on file is the one, and is used).
 */
export const ActivationStartRequest = z.object({ grant, email: z.string().email().max(254).optional() }).strict();
/** What the waiting screen needs; the token and link exist only in the mail and at the central. */
export const ActivationStartResponse = z
  .object({ maskedEmail: z.string().max(254), expiresAt: z.number().int() })
  .strict();
export const ActivationStatusRequest = z.object({ grant }).strict();
export const ActivationState = z.enum(['pending', 'confirmed', 'expired']);
export const ActivationStatusResponse = z.object({ state: ActivationState }).strict();

// --- SMS code (a second way through trámite step 10) -----------------------------------------
/**
 * Beside the emailed link, never instead of it: a 6-digit code sent by SMS to the mobile the
 * central holds for the person (NIST SP 800-63B treats SMS as restricted). The central makes,
 * sends and checks the code; a kiosk learns only the masked number and what the person types.
 * A right code confirms the grant exactly as the link does (activation/status says confirmed).
 */
export const SmsLocale = z.enum(['es-EC', 'en']);
const maskedMobile = z.string().regex(/^\d{2}\*+\d{3}$/);
export const SmsOfferRequest = z.object({ grant }).strict();
export const SmsOfferResponse = z.discriminatedUnion('available', [
  z.object({ available: z.literal(true), maskedMobile, attemptsLeft: z.number().int().min(0) }).strict(),
  z
    .object({
      available: z.literal(false),
      /** no_mobile: the central holds none (the email link is the way); locked: 5 wrong codes */
      reason: z.enum(['no_mobile', 'locked']),
      lockedUntil: z.number().int().optional(),
    })
    .strict(),
]);
/** `locale`: the kiosk's language, which the message is written in. */
export const SmsStartRequest = z.object({ grant, locale: SmsLocale }).strict();
export const SmsStartResponse = z
  .object({
    maskedMobile,
    expiresAt: z.number().int(),
    /** RESEND waits until then (or until the code expired, whichever is first) */
    resendAvailableAt: z.number().int(),
    /** further codes this grant may still ask for, after the central's limits */
    sendsLeft: z.number().int().min(0),
  })
  .strict();
export const SmsVerifyRequest = z.object({ grant, code: z.string().regex(/^\d{6}$/) }).strict();
export const SmsVerifyResponse = z
  .object({
    ok: z.boolean(),
    /** tries left for this person, counted at the central across kiosks and grants */
    attemptsLeft: z.number().int().min(0),
    /** the code ran out: RESEND (a wrong try was not counted) */
    expired: z.boolean(),
    locked: z.boolean(),
    lockedUntil: z.number().int().optional(),
  })
  .strict();

// --- credentials (trámite step 12) -----------------------------------------------------------
/** Associated data of a sealed credentials payload (central/sealed.ts). */
export const SEALED_CREDENTIALS = 'iess/credentials/v1';
/**
 * What travels sealed to the central's public key: the clave in plain (the central checks its
 * policy and hashes it with its own argon2id parameters; it never accepts a caller's hash), the
 * security answers as typed, the image and contact data. `sealedAt` is when the kiosk sealed it:
 * a payload sealed while the grant was alive is honoured for a bounded time after.
 */
export const CredentialsSecrets = z
  .object({
    password: z.string().min(1).max(64),
    securityAnswers: z
      .array(z.object({ questionId: z.string().max(40), answer: z.string().min(1).max(100) }).strict())
      .max(10)
      .optional(),
    securityImage: ImageId.optional(),
    email: z.string().email().max(254).optional(),
    mobile: z
      .string()
      .regex(/^09\d{8}$/)
      .optional(),
    landline: z
      .string()
      .regex(/^0[2-7]\d{7}$/)
      .optional(),
    sealedAt: z.number().int(),
  })
  .strict();
export type CredentialsSecrets = z.infer<typeof CredentialsSecrets>;
export const CredentialsRequest = z.object({ grant, sealed: z.string().min(40).max(8000) }).strict();
export const CredentialsResponse = z.object({ applied: z.boolean() }).strict();

// --- events (the kiosk outbox, DESIGN §4) -----------------------------------------------------
/**
 * Batched events from a kiosk's outbox. Each event carries its own idempotency key; the central
 * applies each key at most once, in the same transaction as its effect, and answers per event:
 * applied, duplicate (already applied: the kiosk marks it delivered) or rejected (permanent: the
 * kiosk dead-letters it). Defined here rather than in events.ts so `routes` can name them
 * without an import cycle; events.ts re-exports them.
 */
export const SessionEventName = z.enum([
  'started',
  'identified',
  'verified',
  'locked',
  'activated',
  'finished',
  'cancelled',
  'timeout',
  'help',
]);
export type SessionEventName = z.infer<typeof SessionEventName>;
export const SessionEventPayload = z
  .object({
    event: SessionEventName,
    flow: FlowKind.nullable(),
    step: z.string().max(30).nullable(),
    at: z.number().int(),
  })
  .strict();
export type SessionEventPayload = z.infer<typeof SessionEventPayload>;

const envelopeHead = {
  key: z.string().min(10).max(64),
  aggregateId: z.string().min(1).max(64),
  sequence: z.number().int().min(1),
};
export const EventEnvelope = z.discriminatedUnion('kind', [
  z.object({ ...envelopeHead, kind: z.literal('credentials.set'), payload: CredentialsRequest }).strict(),
  z.object({ ...envelopeHead, kind: z.literal('session.event'), payload: SessionEventPayload }).strict(),
]);
export type EventEnvelope = z.infer<typeof EventEnvelope>;
export type OutboxKind = EventEnvelope['kind'];

/** Envelopes are checked one by one on the central, so one malformed event is rejected alone. */
export const EventsRequest = z.object({ events: z.array(z.unknown()).min(1).max(100) }).strict();
export const EventOutcome = z
  .object({
    key: z.string(),
    outcome: z.enum(['applied', 'duplicate', 'rejected']),
    error: CentralErrorCode.optional(),
  })
  .strict();
export type EventOutcome = z.infer<typeof EventOutcome>;
export const EventsResponse = z.object({ results: z.array(EventOutcome) }).strict();
export type EventsResponse = z.infer<typeof EventsResponse>;
export const EVENTS_PATH = `${API}/events`;

// --- employer ----------------------------------------------------------------------------------
export const EmployerLookupRequest = z
  .object({
    ruc: z.string().regex(/^\d{13}$/),
    branch: z.string().regex(/^\d{3}$/),
    legalRepId: z.string().regex(/^\d{10}$/),
  })
  .strict();
export const EmployerLookupResponse = z.discriminatedUnion('ok', [
  // never says which of the three fields was wrong
  z.object({ ok: z.literal(false) }).strict(),
  // the corporate address only masked: RUC, branch and representative are public data
  z.object({ ok: z.literal(true), grant, name: z.string(), maskedEmail: z.string() }).strict(),
]);
export const EmployerCodeStartRequest = z.object({ grant }).strict();
/** The central mails the code to the corporate address; the answer never carries it. */
export const EmployerCodeStartResponse = z
  .object({ maskedEmail: z.string().max(254), expiresAt: z.number().int() })
  .strict();
export const EmployerCodeVerifyRequest = z.object({ grant, code: z.string().regex(/^\d{6}$/) }).strict();
export const EmployerCodeVerifyResponse = z
  .object({ ok: z.boolean(), attemptsLeft: z.number().int().min(0), expired: z.boolean() })
  .strict();

// --- catalogs ----------------------------------------------------------------------------------
/**
 * A staff member who may unlock a kiosk of this office (DESIGN §4: the kiosk caches staff PIN
 * hashes so staff can unlock it while the central is down). Only the argon2id PHC string crosses,
 * never the PIN; either parameter order is accepted (node-argon2 writes m,p,t).
 */
export const StaffCredential = z
  .object({
    id: z.string().min(1).max(40),
    name: z.string().min(1).max(120),
    role: StaffRole,
    pinHash: z.string().regex(/^\$argon2id\$v=19\$[mtp]=\d+,[mtp]=\d+,[mtp]=\d+\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/),
  })
  .strict();
export type StaffCredential = z.infer<typeof StaffCredential>;

export const Catalogs = z
  .object({
    version: z.string(),
    securityQuestions: z.array(SecurityQuestion).length(10),
    securityImages: z.array(ImageId).min(9),
    office: z.object({ id: z.string(), name: z.string() }).strict(),
    /** absent from a central that predates it (and from older cached copies): no staff */
    staff: z.array(StaffCredential).max(500).default([]),
    /** the central's X25519 public key (SPKI DER, base64url): what credentials are sealed to */
    sealKey: z.string().min(40).max(200).optional(),
  })
  .strict();
export type Catalogs = z.infer<typeof Catalogs>;

// --- portal (proof that a clave works) -------------------------------------------------------
export const PortalLoginRequest = z.object({ id: z.string().max(20), password: z.string().max(64) }).strict();
export const PortalLoginResponse = z.object({ ok: z.boolean() }).strict();

// --- kiosk enrollment -------------------------------------------------------------------------
/** The request is also signed with the key it enrolls: proof that the caller holds it. */
export const EnrollRequest = z
  .object({
    kioskId: z.string().regex(/^[A-Za-z0-9-]{1,40}$/),
    publicKey: z.string().min(40).max(200),
    code: z.string().min(1).max(200),
  })
  .strict();
export const EnrollResponse = z.object({ enrolled: z.literal(true) }).strict();

// --- seed file (DESIGN §5) -------------------------------------------------------------------
export const SeedFile = z
  .object({
    afiliados: z
      .array(
        z
          .object({
            id: z.string(),
            idType: IdType,
            fullName: z.string(),
            birthDate: isoDate,
            email: z.string().nullable(),
            dataUpdatedInPerson: z.boolean(),
            hasPassword: z.boolean(),
            /** optional: a clave to start with, so recovery can be shown against a known one */
            password: z.string().optional(),
            challenges: z.array(
              z
                .object({ question: z.string(), answer: z.string(), distractors: z.array(z.string()).length(3) })
                .strict(),
            ),
            securityImage: ImageId.nullable(),
            /** optional: security questions already answered (plain here, hashed at import) */
            securityAnswers: z.array(z.object({ questionId: z.string(), answer: z.string() }).strict()).optional(),
            locked: z.boolean().optional(),
            /** optional: the mobile on file (09xxxxxxxx), where an SMS code may go */
            mobile: z
              .string()
              .regex(/^09\d{8}$/)
              .optional(),
          })
          .strict(),
      )
      .default([]),
    employers: z
      .array(
        z
          .object({
            ruc: z.string(),
            branch: z.string(),
            legalRepId: z.string(),
            name: z.string(),
            email: z.string(),
            hasPassword: z.boolean().optional(),
          })
          .strict(),
      )
      .default([]),
    staff: z
      .array(
        z.object({ id: z.string(), name: z.string(), role: StaffRole, pin: z.string().regex(/^\d{4,8}$/) }).strict(),
      )
      .default([]),
  })
  .strict();
export type SeedFile = z.infer<typeof SeedFile>;

export const routes = {
  lookup: { method: 'POST', path: `${API}/identity/lookup`, request: LookupRequest, response: LookupResponse },
  challenge: {
    method: 'POST',
    path: `${API}/identity/challenge`,
    request: ChallengeRequest,
    response: ChallengeResponse,
  },
  verify: { method: 'POST', path: `${API}/identity/verify`, request: VerifyRequest, response: VerifyResponse },
  imageCheck: {
    method: 'POST',
    path: `${API}/identity/image`,
    request: ImageCheckRequest,
    response: ImageCheckResponse,
  },
  activationStart: {
    method: 'POST',
    path: `${API}/activation/start`,
    request: ActivationStartRequest,
    response: ActivationStartResponse,
  },
  activationStatus: {
    method: 'POST',
    path: `${API}/activation/status`,
    request: ActivationStatusRequest,
    response: ActivationStatusResponse,
  },
  smsOffer: { method: 'POST', path: `${API}/sms/offer`, request: SmsOfferRequest, response: SmsOfferResponse },
  smsStart: { method: 'POST', path: `${API}/sms/start`, request: SmsStartRequest, response: SmsStartResponse },
  smsVerify: { method: 'POST', path: `${API}/sms/verify`, request: SmsVerifyRequest, response: SmsVerifyResponse },
  credentials: {
    method: 'POST',
    path: `${API}/credentials`,
    request: CredentialsRequest,
    response: CredentialsResponse,
  },
  employerLookup: {
    method: 'POST',
    path: `${API}/employer/lookup`,
    request: EmployerLookupRequest,
    response: EmployerLookupResponse,
  },
  employerCodeStart: {
    method: 'POST',
    path: `${API}/employer/code/start`,
    request: EmployerCodeStartRequest,
    response: EmployerCodeStartResponse,
  },
  employerCodeVerify: {
    method: 'POST',
    path: `${API}/employer/code/verify`,
    request: EmployerCodeVerifyRequest,
    response: EmployerCodeVerifyResponse,
  },
  catalogs: { method: 'GET', path: `${API}/catalogs`, request: z.object({}).strict(), response: Catalogs },
  portalLogin: {
    method: 'POST',
    path: `${API}/portal/login`,
    request: PortalLoginRequest,
    response: PortalLoginResponse,
  },
  events: { method: 'POST', path: EVENTS_PATH, request: EventsRequest, response: EventsResponse },
  enroll: { method: 'POST', path: `${API}/kiosks/enroll`, request: EnrollRequest, response: EnrollResponse },
} as const;
export type Routes = typeof routes;
export type RouteName = keyof Routes;
