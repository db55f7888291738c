import type { Migration } from 'kysely';
import * as m0001 from './0001-central-schema';

/** Numbered migrations of the central's schema, applied in name order by openDatabase. */
export const centralMigrations: Record<string, Migration> = {
  '0001-central-schema': m0001,
};
