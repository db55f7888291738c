import { createHash } from 'node:crypto';

/**
 * Staged-rollout rings decided by the kiosk id, not by electron-updater's default random id in
 * the user data folder: a technician can then tell from KIOSK_ID alone which kiosks a release
 * staged at N % reaches, and reinstalling a kiosk does not move it to another ring.
 */

const RING_DOMAIN = 'iess-clave-kiosk/rollout/v1\n';

/** The kiosk's place in [0, 100): it receives a release staged at p % exactly when this is < p. */
export function rolloutPosition(kioskId: string): number {
  const digest = createHash('sha256')
    .update(RING_DOMAIN + kioskId, 'utf8')
    .digest();
  return (digest.readUInt32BE(0) / 0x1_0000_0000) * 100;
}

/**
 * electron-updater's `isUserWithinRollout` for this kiosk. A feed without stagingPercentage is
 * for everyone (electron-builder's meaning); one that is present but unreadable reaches nobody,
 * because a typo in a staged release must not turn into a release to the whole fleet.
 */
export function isKioskWithinRollout(kioskId: string, stagingPercentage: unknown): boolean {
  if (stagingPercentage === undefined || stagingPercentage === null) return true;
  const pct = typeof stagingPercentage === 'number' ? stagingPercentage : Number.NaN;
  if (!Number.isFinite(pct)) return false;
  return rolloutPosition(kioskId) < pct;
}
