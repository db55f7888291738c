import type Database from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { CentralClient } from '../../central/client';
import type { KioskDb } from '../../db/kiosk/schema';
import type { LogFn } from './flow/context';
import { createDeliveryWaits, type DeliveryWaits } from './flow/delivery-waits';
import { createCentralPush } from './sync/central-push';
import { createKioskOutbox, type KioskOutbox } from './sync/outbox-service';
import { createReachability, watchReachability, type WatchedCentral } from './sync/reachability';

/** What the kiosk core is built on: its database, the central as the kiosk watches it, the outbox. */
export type KioskParts = {
  kioskDb: Kysely<KioskDb>;
  central: WatchedCentral;
  outbox: KioskOutbox;
  /** waits for the drain loop to settle a row (GENERAR waits briefly for its clave) */
  waits: DeliveryWaits;
};

export type KioskPartsOptions = {
  kioskDb: Kysely<KioskDb>;
  /** the raw connection behind kioskDb: the outbox appends through a statement prepared once */
  sqlite: Database.Database;
  /** the central's HTTP client (production) or the reference central seen through one (tests) */
  client: CentralClient;
  now?: () => number;
  log?: LogFn;
  /** the drain loop's retry timer (default 2 s); tests shorten it */
  drain?: { intervalMs?: number };
};

/**
 * Builds the parts the one way the kiosk runs them. Each part is complete when built: who
 * must hear of another (the outbox of a network return) subscribes afterwards, so nothing is
 * built half-way and finished later.
 */
export function createKioskParts(options: KioskPartsOptions): KioskParts {
  const now = options.now ?? Date.now;
  const log: LogFn = options.log ?? (() => {});
  const reachability = createReachability(now);
  const central = watchReachability(options.client, () => {}, reachability);
  const waits = createDeliveryWaits(options.kioskDb);
  const outbox = createKioskOutbox({
    db: options.kioskDb,
    sqlite: options.sqlite,
    onSettled: (rows) => waits.settled(rows),
    push: createCentralPush(central),
    now,
    log,
    ...(options.drain?.intervalMs ? { intervalMs: options.drain.intervalMs } : {}),
  });
  // network return (DESIGN §4): the first answer after a failure makes rows in backoff due now
  reachability.subscribe(({ reachable }) => {
    log(reachable ? 'central.reachable' : 'central.unreachable');
    if (reachable) outbox.networkReturned();
  });
  return { kioskDb: options.kioskDb, central, outbox, waits };
}
