import type { Generated } from 'kysely';

/** The kiosk's own SQLite (KIOSK_DATA_DIR/kiosk.db). No table keeps a person's identity after
 * their session ends, except outbox rows until delivered, whose payloads hold hashes (DESIGN §4). */
export interface KioskDb {
  kiosk_meta: { key: string; value: string };
  catalog_cache: { name: string; etag: string | null; body: string; fetched_at: number };
  outbox: {
    id: string; // ULID
    idempotency_key: string;
    aggregate_id: string; // session id (random, not the person's id)
    sequence: number; // per aggregate
    kind: string;
    payload: string; // JSON; hashes and the minimum needed
    attempts: Generated<number>;
    next_attempt_at: number;
    last_error: string | null;
    status: 'pending' | 'delivered' | 'dead';
    created_at: number;
    delivered_at: number | null;
  };
  /** a technician's value for one setting (JSON), overriding the environment's */
  technician_setting: { name: string; value: string; set_by: string; set_at: number };
  staff: {
    id: string;
    name: string;
    role: 'supervisor' | 'technician';
    pin_hash: string;
    failed: Generated<number>;
    locked_until: number | null;
  };
}
