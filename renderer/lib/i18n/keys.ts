import type {
  ErrorCode,
  LiveTile,
  PasswordRule,
  QuejaCategory,
  Screen,
  SetupProblem,
  StaffRole,
} from '../../../electron/contract';
import type { MessageKey } from './es-EC';

type KioskActivityState = LiveTile['state'];
type UpdatePhase = NonNullable<LiveTile['update']>['phase'];

/**
 * Keys chosen at run time, spelled out once so the compiler checks every case has words and
 * the catalog test can see each key used.
 */
export const errorKey: Record<ErrorCode, MessageKey> = {
  invalid_input: 'error.invalid_input',
  payload_too_large: 'error.payload_too_large',
  unknown_call: 'error.unknown_call',
  forbidden_origin: 'error.forbidden_origin',
  no_session: 'error.no_session',
  wrong_step: 'error.wrong_step',
  invalid_id: 'error.invalid_id',
  presence_required: 'error.presence_required',
  rate_limited: 'error.rate_limited',
  not_found: 'error.not_found',
  already_has_password: 'error.already_has_password',
  no_password_yet: 'error.no_password_yet',
  wrong_answers: 'error.wrong_answers',
  locked: 'error.locked',
  incomplete: 'error.incomplete',
  too_few_questions: 'error.too_few_questions',
  email_invalid: 'error.email_invalid',
  email_mismatch: 'error.email_mismatch',
  phone_invalid: 'error.phone_invalid',
  declaration_required: 'error.declaration_required',
  password_policy: 'error.password_policy',
  password_mismatch: 'error.password_mismatch',
  activation_pending: 'error.activation_pending',
  activation_expired: 'error.activation_expired',
  resend_limit: 'error.resend_limit',
  code_wrong: 'error.code_wrong',
  code_expired: 'error.code_expired',
  employer_mismatch: 'error.employer_mismatch',
  central_unavailable: 'error.central_unavailable',
  mail_unavailable: 'error.mail_unavailable',
  sms_unavailable: 'error.sms_unavailable',
  sms_code_wrong: 'error.sms_code_wrong',
  pin_wrong: 'error.pin_wrong',
  staff_required: 'error.staff_required',
  setup_required: 'error.setup_required',
  internal: 'error.internal',
};

/** What the technician reads on a kiosk that is not ready (app.info's setup), by problem. */
export const setupKey: Record<SetupProblem, MessageKey> = {
  central_required: 'setup.central_required',
  central_not_https: 'setup.central_not_https',
  config_invalid: 'setup.config_invalid',
  keystore_unavailable: 'setup.keystore_unavailable',
  enroll_code_missing: 'setup.enroll_code_missing',
  enroll_refused: 'setup.enroll_refused',
};

export const ruleKey: Record<PasswordRule, MessageKey> = {
  length: 'rule.length',
  alphabet: 'rule.alphabet',
  sequence: 'rule.sequence',
  personal: 'rule.personal',
  common: 'rule.common',
};

export const monthKeys: readonly MessageKey[] = [
  'month.1',
  'month.2',
  'month.3',
  'month.4',
  'month.5',
  'month.6',
  'month.7',
  'month.8',
  'month.9',
  'month.10',
  'month.11',
  'month.12',
];

/** Screen names as staff read them in help requests; a name the renderer does not know reads as "another screen". */
const screenKeys: Record<Screen | 'welcome', MessageKey> = {
  welcome: 'screen.welcome',
  identify: 'screen.identify',
  employerIdentify: 'screen.employerIdentify',
  challenge: 'screen.challenge',
  confirmIdentity: 'screen.confirmIdentity',
  securityQuestions: 'screen.securityQuestions',
  securityImage: 'screen.securityImage',
  email: 'screen.email',
  confirmEmail: 'screen.confirmEmail',
  activation: 'screen.activation',
  declaration: 'screen.declaration',
  password: 'screen.password',
  employerCode: 'screen.employerCode',
  done: 'screen.done',
  locked: 'screen.locked',
};

export function screenKey(screen: string): MessageKey {
  return Object.hasOwn(screenKeys, screen) ? screenKeys[screen as keyof typeof screenKeys] : 'screen.unknown';
}

export const staffRoleKey: Record<StaffRole, MessageKey> = {
  supervisor: 'staff.role.supervisor',
  technician: 'staff.role.technician',
};

/** The kiosk states a supervisor tile shows. */
export const kioskStateKey: Record<KioskActivityState, MessageKey> = {
  idle: 'supervision.state.idle',
  in_session: 'supervision.state.in_session',
  locked: 'supervision.state.locked',
  offline: 'supervision.state.offline',
  staff: 'supervision.state.staff',
};

/** What a tile says of a kiosk's updater (nothing while it has nothing to do). */
export const updatePhaseKey: Record<UpdatePhase, MessageKey> = {
  none: 'supervision.update.checking',
  checking: 'supervision.update.checking',
  available: 'supervision.update.available',
  downloading: 'supervision.update.downloading',
  downloaded: 'supervision.update.downloaded',
  installing: 'supervision.update.installing',
};

export const quejaCategoryKey: Record<QuejaCategory, MessageKey> = {
  slow: 'queja.category.slow',
  screen: 'queja.category.screen',
  not_understood: 'queja.category.not_understood',
  email_not_received: 'queja.category.email_not_received',
  error: 'queja.category.error',
  other: 'queja.category.other',
};

/** An error code a tile reports, in words when the renderer knows it. */
export function errorCodeKey(code: string): MessageKey {
  return Object.hasOwn(errorKey, code) ? errorKey[code as ErrorCode] : 'error.internal';
}
