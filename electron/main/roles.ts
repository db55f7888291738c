export type Role = 'kiosk' | 'supervisor' | 'technician';

/** `--role=kiosk` (default, locked down), `supervisor` or `technician` (windowed). */
export function roleFromArgv(argv: readonly string[]): Role {
  const arg = argv.find((a) => a.startsWith('--role='));
  const value = arg?.slice('--role='.length);
  return value === 'supervisor' || value === 'technician' ? value : 'kiosk';
}
