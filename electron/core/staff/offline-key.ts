import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';

/** This kiosk's key for its offline staff PIN verifiers, and the id the central gave it. */
export type OfflineKey = { kid: string; key: Buffer };

/**
 * Where the offline key lives: beside the kiosk's signing key, never in kiosk.db, so that
 * kiosk.db alone (a copied disk image of it, a backup, a diagnostics bundle) tests no PIN guess.
 */
export interface OfflineKeyStore {
  read(): OfflineKey | null;
  write(key: OfflineKey): void;
}

const Stored = z.object({ kid: z.string().regex(/^[0-9a-f]{16}$/), key: z.string().regex(/^[A-Za-z0-9_-]{43}$/) });

/** A mode-600 file (written whole, then renamed into place). */
export function fileOfflineKeyStore(path: string): OfflineKeyStore {
  return {
    read() {
      if (!existsSync(path)) return null;
      try {
        const stored = Stored.parse(JSON.parse(readFileSync(path, 'utf8')));
        return { kid: stored.kid, key: Buffer.from(stored.key, 'base64url') };
      } catch {
        return null;
      }
    },
    write({ kid, key }) {
      mkdirSync(dirname(path), { recursive: true });
      const temp = `${path}.tmp`;
      writeFileSync(temp, JSON.stringify({ kid, key: key.toString('base64url') }), { mode: 0o600 });
      chmodSync(temp, 0o600);
      renameSync(temp, path);
    },
  };
}
