import type { StepInput } from '../../contract/flow';
import { fail, ok } from '../../contract/result';
import { checkPassword } from '../../../domain/password/policy';
import { ulid } from '../sync/ulid';
import { SEALED_CREDENTIALS } from '../../../central/contract';
import { seal } from '../../../central/sealed';
import { refusal, type AtStep, type StepContext, type StepOutcome } from './context';

type PasswordInput = Extract<StepInput, { step: 'password' }>;

/** Trámite step 11: "Declaro que toda la información registrada es fidedigna". */
export function declarationStep(at: AtStep<'declaration'>): StepOutcome {
  // the contract only lets `accepted: true` through; there is nothing else to check
  return ok({ screen: 'password', finishing: at.finishing });
}

/**
 * Trámite step 12: GENERAR. The policy is checked here for fast feedback; the central checks it
 * again and hashes the clave itself. The clave leaves the kiosk only sealed to the central.
 */
export async function passwordStep(
  at: AtStep<'password'>,
  input: PasswordInput,
  ctx: StepContext,
): Promise<StepOutcome> {
  const { deps } = ctx;
  const { finishing } = at;
  const check = checkPassword({ password: input.password, repeat: input.repeat, personal: finishing.personal });
  if (check.broken.length > 0) return fail('password_policy', { rules: check.broken });
  if (!check.matches) return fail('password_mismatch');

  const key = ulid(deps.now());
  deps.log('flow.password.sealed', { kind: ctx.kind });

  // sealed to the central's key: the outbox on disk holds only what the kiosk itself cannot open
  const catalogs = await deps.catalogs();
  if (!catalogs.ok) return catalogs;
  if (!catalogs.value.sealKey) return fail('central_unavailable');
  const secrets = { ...finishing.secrets, password: input.password, sealedAt: deps.now() };
  const sealed = seal(catalogs.value.sealKey, SEALED_CREDENTIALS, secrets);
  const delivery = await deps.credentialsSink({ grant: finishing.grant, sealed }, key, ctx.sessionId);
  // refused for good: the central applied nothing, so another try is a new request
  if (delivery.state === 'refused') return refusal(delivery.error);
  return ok({ screen: 'done', finishedAt: deps.now(), pending: delivery.state === 'pending' });
}
