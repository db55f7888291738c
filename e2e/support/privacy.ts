import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

function* files(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else yield path;
  }
}

/**
 * Which of the secrets appear in any file of the kiosk's data dir (SQLite, its WAL, logs), as
 * UTF-8 bytes. DESIGN §4: nothing of the person stays after their session.
 */
export function plaintextFound(dataDir: string, secrets: string[]): Array<{ secret: string; file: string }> {
  const found: Array<{ secret: string; file: string }> = [];
  const all = [...files(dataDir)];
  if (all.length === 0) throw new Error(`no files in ${dataDir}: nothing was checked`);
  for (const file of all) {
    const bytes = readFileSync(file);
    for (const secret of secrets) {
      if (bytes.includes(Buffer.from(secret, 'utf8')) || bytes.includes(Buffer.from(secret.toLowerCase(), 'utf8')))
        found.push({ secret, file });
    }
  }
  return found;
}
