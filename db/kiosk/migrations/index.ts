import type { Migration } from 'kysely';
import * as m0001 from './0001-meta-and-catalog-cache';
import * as m0002 from './0002-outbox-audit-stats-staff';

/** Numbered, named for what changed; never edit one that has shipped, add the next. */
export const kioskMigrations: Record<string, Migration> = {
  '0001-meta-and-catalog-cache': m0001,
  '0002-outbox-audit-stats-staff': m0002,
};
