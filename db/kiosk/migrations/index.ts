import type { Migration } from 'kysely';
import * as m0001 from './0001-meta-and-catalog-cache';
import * as m0002 from './0002-outbox-audit-stats-staff';
import * as m0003 from './0003-drop-audit-and-stats';
import * as m0004 from './0004-technician-settings';

/** Numbered, named for what changed; never edit one that has shipped, add the next. */
export const kioskMigrations: Record<string, Migration> = {
  '0001-meta-and-catalog-cache': m0001,
  '0002-outbox-audit-stats-staff': m0002,
  '0003-drop-audit-and-stats': m0003,
  '0004-technician-settings': m0004,
};
