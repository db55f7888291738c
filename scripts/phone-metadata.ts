import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

/**
 * Ecuador's numbering plan, cut from libphonenumber-js's full metadata: the kiosk validates only
 * Ecuadorian numbers, and the full plan of every country would add ~150 KB to the renderer.
 * Rerun after upgrading libphonenumber-js: `npx tsx scripts/phone-metadata.ts`.
 */
type Metadata = {
  version: number;
  country_calling_codes: Record<string, string[]>;
  countries: Record<string, unknown>;
  nonGeographic?: unknown;
};

export function ecuadorOnly(full: Metadata): Metadata {
  return {
    version: full.version,
    country_calling_codes: { '593': ['EC'] },
    countries: { EC: full.countries.EC },
    nonGeographic: {},
  };
}

const isMain = process.argv[1] !== undefined && resolve(process.argv[1]) === resolve(import.meta.filename);
if (isMain) {
  const require = createRequire(import.meta.url);
  const full = JSON.parse(readFileSync(require.resolve('libphonenumber-js/metadata.max.json'), 'utf8')) as Metadata;
  const out = resolve(import.meta.dirname, '../renderer/lib/errors/phone-metadata.ec.json');
  writeFileSync(out, `${JSON.stringify(ecuadorOnly(full))}\n`);
  console.log(`wrote ${out}`);
}
