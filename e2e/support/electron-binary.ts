import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './host';

/** ELECTRON_PATH, else the binary npm would have put in node_modules/electron/dist (never on these machines). */
export function electronBinary(env: Record<string, string | undefined> = process.env): string | null {
  const candidates = [env.ELECTRON_PATH, join(repoRoot, 'node_modules/electron/dist/electron')].filter(
    (p): p is string => Boolean(p),
  );
  return candidates.find((p) => existsSync(p)) ?? null;
}

export const ELECTRON_SKIP_REASON =
  'Electron target skipped: no Electron binary (set ELECTRON_PATH or install node_modules/electron/dist); the same specs ran in Chromium + web host.';
