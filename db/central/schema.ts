import type { Generated } from 'kysely';

/**
 * The embedded central's own database (never the kiosk's): who may get a clave, what proves it
 * is them, and the short-lived grants and tokens of a flow in progress. Secrets a person chose
 * (clave, security answers) and staff PINs exist here only as argon2id PHC strings; bearer
 * tokens (grants, activation tokens) only as sha256 hashes. Times are epoch milliseconds.
 */
export type AfiliadoTable = {
  id: string;
  id_type: 'cedula' | 'foreigner';
  full_name: string;
  birth_date: string;
  email: string | null;
  data_updated_in_person: number;
  has_password: number;
  password_hash: string | null;
  security_image: string | null;
  mobile: string | null;
  landline: string | null;
  /** failed verifications counted by the central, so another kiosk cannot reset them */
  failed_attempts: number;
  locked_until: number | null;
  /** the one verification in flight for this person (a random token), and when its lease runs out */
  verify_lease: string | null;
  verify_lease_until: number | null;
  /** set once a kiosk flow wrote credentials: a later seed import leaves them alone */
  credentials_updated_at: number | null;
  /** wrong SMS codes, counted here across kiosks and grants; the 5th locks the SMS way until the time below */
  sms_failed_attempts: Generated<number>;
  sms_locked_until: number | null;
};

/**
 * Record-based challenge (a fact of the person's record, e.g. "1987"). Decision: the option
 * texts are stored, because the central must show the right answer among the four options, and
 * these are record facts the IESS already holds, not secrets the person chose. `options_json`
 * keeps answer and distractors in a fixed sorted (unmarked) order; which one is right is kept only
 * as `answer_hash`: HMAC-SHA256 under a key of the central's (`hmac-sha256$…`; argon2 buys nothing
 * against 4 options, the key is what hides the answer in a copy of the database; older rows may
 * still be argon2id and verify). Security answers the person chose exist ONLY as argon2id hashes.
 */
export type ChallengeTable = {
  id: string;
  afiliado_id: string;
  position: number;
  question: string;
  options_json: string;
  answer_hash: string;
};

export type SecurityAnswerTable = {
  afiliado_id: string;
  question_id: string;
  answer_hash: string;
};

export type EmployerTable = {
  ruc: string;
  branch: string;
  legal_rep_id: string;
  name: string;
  email: string;
  has_password: number;
  password_hash: string | null;
  credentials_updated_at: number | null;
};

export type StaffTable = {
  id: string;
  name: string;
  role: 'supervisor' | 'technician';
  pin_hash: string;
};

/** One drawn set of challenge questions; single use. */
export type ChallengeSetTable = {
  id: string;
  afiliado_id: string;
  intent: 'generate' | 'recover';
  /** JSON: IssuedQuestion[] (see server/challenge.ts) */
  questions_json: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
  /** the kiosk that drew it: draws are limited per kiosk as well as per person */
  kiosk_id: string | null;
};

export type GrantTable = {
  /** sha256 (base64url) of the bearer grant; the grant itself is never stored */
  grant_hash: string;
  subject_kind: 'afiliado' | 'employer';
  /** afiliado id, or `ruc:branch` */
  subject_id: string;
  intent: 'generate' | 'recover' | 'employer';
  created_at: number;
  expires_at: number;
  consumed_at: number | null;
  image_verified: number;
  code_hash: string | null;
  code_expires_at: number | null;
  code_attempts_left: number;
  code_verified: number;
};

export type ActivationTable = {
  token_hash: string;
  grant_hash: string;
  email: string;
  created_at: number;
  expires_at: number;
  confirmed_at: number | null;
  /** a newer start for the same grant replaced this token */
  superseded: number;
};

/**
 * One SMS code sent for a grant. The code itself is never stored: `code_mac` is an HMAC-SHA256
 * under a key kept outside the database (central/server/sms/code-mac.ts), bound to the grant and
 * the row; `number_key` likewise names the number without holding it.
 */
export type SmsCodeTable = {
  id: string;
  grant_hash: string;
  subject_id: string;
  kiosk_id: string;
  number_key: string;
  code_mac: string;
  created_at: number;
  expires_at: number;
  confirmed_at: number | null;
  spent: Generated<number>;
};

export type IdempotencyTable = {
  key: string;
  kiosk_id: string;
  route: string;
  applied_at: number;
};

/** One kiosk session event (started, verified, finished…), in arrival order; figures only. */
export type SessionEventTable = {
  seq: Generated<number>;
  key: string;
  kiosk_id: string;
  /** the session's random id on the kiosk, never the person's */
  aggregate_id: string;
  sequence: number;
  event: string;
  flow: string | null;
  step: string | null;
  at: number;
  received_at: number;
};

/** An enrolled kiosk: its Ed25519 public key (SPKI DER, base64url); revoked ones get 401. */
export type KioskTable = {
  id: string;
  public_key: string;
  enrolled_at: number;
  revoked_at: number | null;
};

/** A one-time enrollment code for one kiosk id, as its sha-256; `used_at` once a kiosk enrolled with it. */
export type EnrollCodeTable = {
  code_hash: string;
  kiosk_id: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
};

/** A signed request's nonce, kept until its token could no longer be accepted anyway. */
export type KioskNonceTable = {
  kiosk_id: string;
  jti: string;
  expires_at: number;
};

/** One audit row; `hash` covers the row and `prev_hash`, so a removed or edited row breaks the chain. */
export type AuditTable = {
  seq: number;
  at: number;
  kiosk_id: string | null;
  action: string;
  subject: string | null;
  detail: string | null;
  prev_hash: string;
  hash: string;
};

/** Counted tries in a window, then a lock: portal logins (per account, per source), staff PINs (per kiosk). */
export type ThrottleTable = {
  key: string;
  tries: number;
  window_start: number;
  locked_until: number | null;
};

/** Something staff must see, without personal data beyond the masked name. */
export type StaffNoticeTable = {
  id: string;
  at: number;
  kiosk_id: string | null;
  kind: 'credentials.refused';
  reason: string;
  subject_kind: 'afiliado' | 'employer' | null;
  masked_subject: string | null;
  grant_hash: string | null;
  person_told: number;
  seen_at: number | null;
};

/** The last heartbeat of a kiosk (fleet.ts): state and step names, counts and times only. */
export type KioskStatusTable = {
  kiosk_id: string;
  office: string;
  version: string;
  state: string;
  step: string | null;
  since: number;
  outbox_depth: number;
  dead_letters: number;
  help_id: string | null;
  help_screen: string | null;
  help_since: number | null;
  last_error: string | null;
  /** the kiosk's updater (null: it does not update itself) */
  update_phase: string | null;
  update_version: string | null;
  update_failed: number | null;
  /** central clock */
  last_seen: number;
  /** what the live view last announced (1/0; null = nothing yet): the sweeper's conditional update */
  announced_online: number | null;
  announced_stuck: number | null;
};

/** A staff member's session opened by PIN at the central, bound to the kiosk that asked. */
export type StaffSessionTable = {
  /** sha256 of the bearer token; the token itself is never stored */
  token_hash: string;
  staff_id: string;
  role: string;
  kiosk_id: string;
  office: string;
  created_at: number;
  expires_at: number;
};

/** Staff asked something of a kiosk; delivered in the answer to its next heartbeat. */
export type FleetCommandTable = {
  id: string;
  kiosk_id: string;
  kind: 'help.attended' | 'session.end';
  help_id: string | null;
  staff_id: string;
  created_at: number;
  delivered_at: number | null;
};

/** "Reportar un problema" at a kiosk: a category and optional text the person chose to write. */
export type QuejaTable = {
  key: string;
  kiosk_id: string;
  category: string;
  text: string | null;
  step: string | null;
  at: number;
  received_at: number;
};

export type CentralDatabase = {
  kiosk_status: KioskStatusTable;
  staff_session: StaffSessionTable;
  fleet_command: FleetCommandTable;
  queja: QuejaTable;
  kiosk: KioskTable;
  kiosk_nonce: KioskNonceTable;
  enroll_code: EnrollCodeTable;
  audit: AuditTable;
  afiliado: AfiliadoTable;
  challenge: ChallengeTable;
  security_answer: SecurityAnswerTable;
  employer: EmployerTable;
  staff: StaffTable;
  challenge_set: ChallengeSetTable;
  grant: GrantTable;
  activation: ActivationTable;
  idempotency: IdempotencyTable;
  session_event: SessionEventTable;
  sms_code: SmsCodeTable;
  throttle: ThrottleTable;
  staff_notice: StaffNoticeTable;
};
