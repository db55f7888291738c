import type { StepInput } from '../../contract/flow';
import { fail } from '../../contract/result';
import { checkPassword } from '../../../domain/password/policy';
import { ulid } from '../sync/ulid';
import { SEALED_CREDENTIALS, type CredentialsSecrets } from '../../../central/contract';
import { seal } from '../../../central/sealed';
import { move, refusal, type FlowDeps, type SessionData, type StepOutcome } from './context';

type PasswordInput = Extract<StepInput, { step: 'password' }>;

/**
 * What the kiosk can check of the personal rule (DESIGN §2): the person's identifier; for
 * an employer, the RUC and the legal representative's cédula.
 */
export function personalOf(s: SessionData): string[] {
  if (s.employer) return [s.employer.ruc, s.employer.legalRepId];
  // the birth date is not here: the kiosk never learns it, and the central's own check (the
  // authoritative one) refuses a clave that contains it
  return s.person ? [s.person.id] : [];
}

/** Trámite step 11: "Declaro que toda la información registrada es fidedigna". */
export function declarationStep(): StepOutcome {
  // the contract only lets `accepted: true` through; there is nothing else to check
  return move();
}

/**
 * Trámite step 12: GENERAR. The policy is checked here for fast feedback; the central checks it
 * again and hashes the clave itself. The clave leaves the kiosk only sealed to the central.
 */
export async function passwordStep(s: SessionData, input: PasswordInput, deps: FlowDeps): Promise<StepOutcome> {
  const check = checkPassword({ password: input.password, repeat: input.repeat, personal: personalOf(s) });
  if (check.broken.length > 0) return fail('password_policy', { rules: check.broken });
  if (!check.matches) return fail('password_mismatch');
  if (!s.grant) return fail('wrong_step');

  const key = ulid(deps.now());
  deps.log('flow.password.sealed', { kind: s.kind });

  // sealed to the central's key: the outbox on disk holds only what the kiosk itself cannot open
  const catalogs = await deps.catalogs();
  if (!catalogs.ok) return catalogs;
  if (!catalogs.value.sealKey) return fail('central_unavailable');
  const sealed = seal(catalogs.value.sealKey, SEALED_CREDENTIALS, secretsOf(s, input.password, deps.now()));
  const delivery = await deps.credentialsSink({ grant: s.grant, sealed }, key, s.sessionId);
  // refused for good: the central applied nothing, so another try is a new request
  if (delivery.state === 'refused') return refusal(delivery.error);
  s.finishedAt = deps.now();
  s.deliveryPending = delivery.state === 'pending';
  return move();
}

function secretsOf(s: SessionData, password: string, now: number): CredentialsSecrets {
  const body: CredentialsSecrets = { password, sealedAt: now };
  if (s.securityAnswers) body.securityAnswers = s.securityAnswers;
  if (s.securityImage) body.securityImage = s.securityImage;
  if (s.contact?.registered) {
    body.email = s.contact.email;
    if (s.contact.mobile) body.mobile = s.contact.mobile;
    if (s.contact.landline) body.landline = s.contact.landline;
  }
  return body;
}
