import type { Hono } from 'hono';
import type { Selectable } from 'kysely';
import type { KioskStatusTable } from '../../db/central/schema';
import {
  KioskActivityState,
  OFFLINE_AFTER_MS,
  UpdatePhaseName,
  STUCK_AFTER_MS,
  type FleetCommand,
  type Heartbeat,
  type LiveTile,
} from '../../domain/fleet';
import type { CentralDeps } from './deps';
import { parseBody, reply } from './http';
import type { CentralEnv } from './kiosks';
import type { LiveBus } from './live-bus';
import { routes } from '../contract';

type StatusRow = Selectable<KioskStatusTable>;

/**
 * A tile as the live view shows it at `now`: online while heartbeats keep coming (the central's
 * clock, not the kiosk's), stuck when a person has been on one step for over three minutes.
 */
export function tileOf(row: StatusRow, now: number): LiveTile {
  const lastSeen = Number(row.last_seen);
  const since = Number(row.since);
  const state = KioskActivityState.catch('idle').parse(row.state);
  return {
    kioskId: row.kiosk_id,
    office: row.office,
    online: now - lastSeen <= OFFLINE_AFTER_MS,
    state,
    step: row.step,
    since,
    lastSeen,
    version: row.version,
    outboxDepth: Number(row.outbox_depth),
    deadLetters: Number(row.dead_letters),
    help:
      row.help_id && row.help_screen
        ? { id: row.help_id, screen: row.help_screen, since: Number(row.help_since ?? lastSeen) }
        : null,
    lastError: row.last_error,
    update: row.update_phase
      ? {
          phase: UpdatePhaseName.catch('none').parse(row.update_phase),
          version: row.update_version,
          failed: Number(row.update_failed ?? 0) === 1,
        }
      : null,
    stuck: state === 'in_session' && row.step !== null && now - since > STUCK_AFTER_MS,
  };
}

/** The flags of a tile as the sweeper's columns hold them. */
export function announcedOf(tile: LiveTile): { announced_online: number; announced_stuck: number } {
  return { announced_online: tile.online ? 1 : 0, announced_stuck: tile.stuck ? 1 : 0 };
}

/** What changes a tile for a supervisor (lastSeen alone does not: heartbeats every few seconds). */
export function sameTile(a: LiveTile, b: LiveTile): boolean {
  const { lastSeen: _a, ...restA } = a;
  const { lastSeen: _b, ...restB } = b;
  return JSON.stringify(restA) === JSON.stringify(restB);
}

async function wasAttended(deps: CentralDeps, kioskId: string, helpId: string): Promise<boolean> {
  const row = await deps.db
    .selectFrom('fleet_command')
    .select('id')
    .where('kiosk_id', '=', kioskId)
    .where('kind', '=', 'help.attended')
    .where('help_id', '=', helpId)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * The heartbeat of nearly every few seconds: nothing a supervisor sees changed, only the time it
 * was heard. One UPDATE that matches only when every stored field equals the heartbeat's, the
 * kiosk was online at `now` and was last announced online; anything else (a change, a first
 * heartbeat, a kiosk coming back) takes storeHeartbeat's way and is published. It also says
 * whether staff left a command for this kiosk, so that the common heartbeat is this one statement.
 * Returns null when it did not match.
 */
async function touchUnchanged(
  deps: CentralDeps,
  kioskId: string,
  hb: Heartbeat,
  now: number,
): Promise<{ commandsWaiting: boolean } | null> {
  const touched = await deps.db
    .updateTable('kiosk_status')
    .set({ last_seen: now })
    .where('kiosk_id', '=', kioskId)
    .where('last_seen', '>=', now - OFFLINE_AFTER_MS)
    .where('announced_online', '=', 1)
    .where((eb) => {
      // null-safe equality written the way both engines read it alike
      const same = (
        column: 'step' | 'help_id' | 'help_screen' | 'last_error' | 'update_phase' | 'update_version',
        value: string | null,
      ) => (value === null ? eb(column, 'is', null) : eb(column, '=', value));
      const failed = hb.update ? (hb.update.failed ? 1 : 0) : null;
      return eb.and([
        eb('office', '=', hb.office),
        eb('version', '=', hb.version),
        eb('state', '=', hb.state),
        same('step', hb.step),
        eb('outbox_depth', '=', hb.outbox.depth),
        eb('dead_letters', '=', hb.outbox.deadLetters),
        same('help_id', hb.help?.id ?? null),
        same('help_screen', hb.help?.screen ?? null),
        same('last_error', hb.lastError),
        same('update_phase', hb.update?.phase ?? null),
        same('update_version', hb.update?.version ?? null),
        failed === null ? eb('update_failed', 'is', null) : eb('update_failed', '=', failed),
      ]);
    })
    .returning((eb) =>
      eb
        .exists(
          eb
            .selectFrom('fleet_command')
            .select('fleet_command.id')
            .where('fleet_command.kiosk_id', '=', kioskId)
            .where('fleet_command.delivered_at', 'is', null),
        )
        .as('waiting'),
    )
    .executeTakeFirst();
  // SQLite answers 0/1, PostgreSQL a boolean
  return touched ? { commandsWaiting: Boolean(touched.waiting) } : null;
}

/**
 * Stores a heartbeat as the kiosk's status; a help request staff already attended is not raised
 * again. Returns the tile to publish, or null when a supervisor would see nothing new.
 */
async function storeHeartbeat(
  deps: CentralDeps,
  kioskId: string,
  hb: Heartbeat,
  now: number,
): Promise<LiveTile | null> {
  const previous = await deps.db
    .selectFrom('kiosk_status')
    .selectAll()
    .where('kiosk_id', '=', kioskId)
    .executeTakeFirst();
  // a heartbeat sent before the kiosk heard "help is coming" still carries the request; a request
  // still stored was not attended (attending clears it), so only another one is looked up
  const help =
    hb.help && (previous?.help_id === hb.help.id || !(await wasAttended(deps, kioskId, hb.help.id))) ? hb.help : null;
  // a step's clock is the central's: a kiosk clock set wrong must not flag or hide a stuck kiosk
  const sameStep = previous && previous.state === hb.state && previous.step === hb.step;
  const row: StatusRow = {
    kiosk_id: kioskId,
    office: hb.office,
    version: hb.version,
    state: hb.state,
    step: hb.step,
    since: sameStep ? Number(previous.since) : now,
    outbox_depth: hb.outbox.depth,
    dead_letters: hb.outbox.deadLetters,
    help_id: help?.id ?? null,
    help_screen: help?.screen ?? null,
    help_since: help ? (previous?.help_id === help.id ? Number(previous.help_since) : now) : null,
    last_error: hb.lastError,
    update_phase: hb.update?.phase ?? null,
    update_version: hb.update?.version ?? null,
    update_failed: hb.update ? (hb.update.failed ? 1 : 0) : null,
    last_seen: now,
    announced_online: previous?.announced_online ?? null,
    announced_stuck: previous?.announced_stuck ?? null,
  };
  const tile = tileOf(row, now);
  const announced = announcedOf(tile);
  // what a supervisor was last shown (a sweep may have announced it offline meanwhile) counts too
  const changed =
    !previous ||
    !sameTile(tileOf(previous, now), tile) ||
    previous.announced_online !== announced.announced_online ||
    previous.announced_stuck !== announced.announced_stuck;
  // what is published is what the sweeper compares against: it announces the next flip only
  const stored = changed ? { ...row, ...announced } : row;
  const { kiosk_id: _id, announced_online: _o, announced_stuck: _s, ...update } = stored;
  await deps.db
    .insertInto('kiosk_status')
    .values(stored)
    .onConflict((oc) => oc.column('kiosk_id').doUpdateSet(changed ? { ...update, ...announced } : update))
    .execute();
  return changed ? tile : null;
}

/** Commands staff left for this kiosk, handed over once: the update that marks them delivered is the claim. */
async function takeCommands(deps: CentralDeps, kioskId: string): Promise<FleetCommand[]> {
  const rows = await deps.db
    .updateTable('fleet_command')
    .set({ delivered_at: deps.now() })
    // the kiosk's own pending commands, by index; `delivered_at is null` again is the claim
    .where('kiosk_id', '=', kioskId)
    .where('delivered_at', 'is', null)
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('fleet_command')
        .select('id')
        .where('kiosk_id', '=', kioskId)
        .where('delivered_at', 'is', null)
        .orderBy('created_at')
        .limit(20),
    )
    .returningAll()
    .execute();
  return rows
    .sort((x, y) => Number(x.created_at) - Number(y.created_at) || (x.id < y.id ? -1 : 1))
    .map((r) =>
      r.kind === 'help.attended' && r.help_id
        ? { id: r.id, kind: 'help.attended' as const, helpId: r.help_id }
        : { id: r.id, kind: 'session.end' as const },
    );
}

/**
 * POST /fleet/heartbeat: a kiosk's state every few seconds and on every change. The body's schema
 * has no field that could hold a person's datum (fleet.ts); the answer carries what staff asked
 * of this kiosk since its last heartbeat.
 */
export function registerHeartbeatRoute(app: Hono<CentralEnv>, deps: CentralDeps, bus: LiveBus): void {
  app.post(routes.heartbeat.path, async (c) => {
    const body = await parseBody(c, 'heartbeat');
    if (!body.ok) return body.response;
    const kioskId = c.get('kioskId');
    const now = deps.now();
    const touched = await touchUnchanged(deps, kioskId, body.value, now);
    if (!touched) {
      const tile = await storeHeartbeat(deps, kioskId, body.value, now);
      if (tile) bus.publish(tile);
    }
    const commands = touched && !touched.commandsWaiting ? [] : await takeCommands(deps, kioskId);
    return reply(c, 'heartbeat', { commands, offlineAfterMs: OFFLINE_AFTER_MS });
  });
}
