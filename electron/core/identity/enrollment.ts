import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CentralClient, CentralFailure } from '../../../central/client';
import type { KioskIdentity } from '../../../central/kiosk-auth';

/** Written once the central accepted this kiosk's key, so the one-time code is not needed again. */
export const ENROLLED_FILE = 'central-enrollment.json';

export type EnrollOutcome =
  { ok: true } | { ok: false; problem: 'no_code' | 'refused' | 'unavailable'; failure?: CentralFailure };

function enrolledAt(dataDir: string, centralUrl: string): boolean {
  const file = join(dataDir, ENROLLED_FILE);
  if (!existsSync(file)) return false;
  try {
    const stored: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return typeof stored === 'object' && stored !== null && 'centralUrl' in stored && stored.centralUrl === centralUrl;
  } catch {
    return false;
  }
}

/**
 * A kiosk started with CENTRAL_URL enrolls its key with KIOSK_ENROLL_CODE at first start
 * (DESIGN §5). Later starts find the record and need no code; a central that refuses (wrong
 * code, id taken by another key, revoked) is a technician's matter and is reported as such.
 */
export async function ensureEnrolled(
  central: CentralClient,
  identity: KioskIdentity,
  options: { dataDir: string; centralUrl: string; code: string | undefined },
): Promise<EnrollOutcome> {
  if (enrolledAt(options.dataDir, options.centralUrl)) return { ok: true };
  if (!options.code) return { ok: false, problem: 'no_code' };
  const called = await central.call('enroll', {
    kioskId: identity.kioskId,
    publicKey: identity.publicKey,
    code: options.code,
  });
  if (!called.ok)
    return {
      ok: false,
      problem: called.failure.kind === 'rejected' ? 'refused' : 'unavailable',
      failure: called.failure,
    };
  writeFileSync(
    join(options.dataDir, ENROLLED_FILE),
    JSON.stringify({ centralUrl: options.centralUrl, at: new Date().toISOString() }),
    { mode: 0o600 },
  );
  return { ok: true };
}
