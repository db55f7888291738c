import type { Migration } from 'kysely';
import * as m0001 from './0001-central-schema';
import * as m0002 from './0002-session-events';
import * as m0003 from './0003-kiosk-trust';
import * as m0004 from './0004-central-hardening';
import * as m0005 from './0005-supervision';
import * as m0006 from './0006-sms-code';
import * as m0007 from './0007-live-announced';
import * as m0008 from './0008-grant-subject';
import * as m0009 from './0009-enroll-code';

/** Numbered migrations of the central's schema, applied in name order by openDatabase. */
export const centralMigrations: Record<string, Migration> = {
  '0001-central-schema': m0001,
  '0002-session-events': m0002,
  '0003-kiosk-trust': m0003,
  '0004-central-hardening': m0004,
  '0005-supervision': m0005,
  '0006-sms-code': m0006,
  '0007-live-announced': m0007,
  '0008-grant-subject': m0008,
  '0009-enroll-code': m0009,
};
