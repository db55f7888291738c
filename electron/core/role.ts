/**
 * What a kiosk process is started as: `--role=kiosk` (default, locked down), `supervisor` or
 * `technician` (windowed; the screen asks for a staff PIN before anything else). Read by the
 * Electron shell and the web host alike.
 */
export type Role = 'kiosk' | 'supervisor' | 'technician';

export function roleFromArgv(argv: readonly string[]): Role {
  const arg = argv.find((a) => a.startsWith('--role='));
  const value = arg?.slice('--role='.length);
  return value === 'supervisor' || value === 'technician' ? value : 'kiosk';
}
