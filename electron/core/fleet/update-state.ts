import { FleetUpdate } from '../../../domain/fleet';
import type { UpdateStatus } from '../../contract/technician';

/**
 * What a heartbeat says of the updater: its phase, the version it fetches or installs, and
 * whether the last step failed, so a supervisor sees a kiosk mid-update and a technician a stuck
 * one. Never the feed URL or an error text. Null where the kiosk does not update itself.
 */
export function fleetUpdateOf(status: UpdateStatus): FleetUpdate | null {
  if (!status.enabled) return null;
  const candidate = { phase: status.phase, version: status.version, failed: status.lastFailure !== null };
  const parsed = FleetUpdate.safeParse(candidate);
  // a version string the schema refuses (too long, odd characters) is dropped, not the heartbeat
  return parsed.success ? parsed.data : { ...candidate, version: null };
}
