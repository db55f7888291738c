import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ecuadorOnly } from './phone-metadata';

describe("Ecuador's numbering plan for the renderer", () => {
  const require = createRequire(import.meta.url);
  const full = JSON.parse(readFileSync(require.resolve('libphonenumber-js/metadata.max.json'), 'utf8')) as Parameters<
    typeof ecuadorOnly
  >[0];

  it('is the checked-in cut of the installed libphonenumber-js (else rerun scripts/phone-metadata.ts)', () => {
    const checkedIn = JSON.parse(
      readFileSync(resolve(import.meta.dirname, '../renderer/lib/errors/phone-metadata.ec.json'), 'utf8'),
    ) as unknown;
    expect(checkedIn).toEqual(ecuadorOnly(full));
  });

  it('keeps Ecuador and +593 only', () => {
    const cut = ecuadorOnly(full);
    expect(Object.keys(cut.countries)).toEqual(['EC']);
    expect(cut.country_calling_codes).toEqual({ '593': ['EC'] });
  });
});
