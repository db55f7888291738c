/**
 * What a kiosk process is started as: `--role=kiosk` (default, locked down), `supervisor` or
 * `technician` (windowed; the screen asks for a staff PIN before anything else). Read by the
 * Electron shell and the web host alike.
 */
import { StaffRole } from '../../domain/vocabulary';

/** The kiosk, or a staff member's screen. */
export type Role = 'kiosk' | StaffRole;

export function roleFromArgv(argv: readonly string[]): Role {
  const arg = argv.find((a) => a.startsWith('--role='));
  const value = arg?.slice('--role='.length);
  const staff = StaffRole.safeParse(value);
  return staff.success ? staff.data : 'kiosk';
}
