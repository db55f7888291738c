import type { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { LIVE_PATH, type LiveEvent, type LiveTile } from '../../domain/fleet';
import { recordAudit } from './audit';
import type { CentralDeps } from './deps';
import { announcedOf, tileOf } from './heartbeat';
import { fail, parseBody, reply } from './http';
import type { CentralEnv } from './kiosks';
import type { LiveBus, LiveChange } from './live-bus';
import { headerSession, staffSessionOf } from './live-auth';
import { randomId } from './secrets';
import { routes } from '../contract';

/** A comment line this often keeps proxies and the client from closing an idle stream. */
export const KEEP_ALIVE_MS = 15_000;
/** How often the central looks for kiosks whose heartbeats stopped (while someone watches). */
export const SWEEP_MS = 1_000;

export async function liveTiles(deps: CentralDeps): Promise<LiveTile[]> {
  const rows = await deps.db.selectFrom('kiosk_status').selectAll().orderBy('office').orderBy('kiosk_id').execute();
  const now = deps.now();
  return rows.map((r) => tileOf(r, now));
}

/**
 * Heartbeats that stop cannot announce it: while at least one screen watches, the central looks
 * every second and publishes a tile whose online or stuck flag flipped. With no watcher nothing
 * runs (a snapshot at connect computes the flags afresh). The flip is claimed by a conditional
 * UPDATE of what was last announced: when several central nodes sweep the same database, exactly
 * one changes the row and publishes, so a supervisor sees one "offline" however many nodes run.
 */
export function createOfflineSweeper(deps: CentralDeps, bus: LiveBus) {
  let timer: NodeJS.Timeout | null = null;
  let watchers = 0;
  const sweep = async (): Promise<void> => {
    const now = deps.now();
    const rows = await deps.db.selectFrom('kiosk_status').selectAll().execute();
    for (const row of rows) {
      const tile = tileOf(row, now);
      const next = announcedOf(tile);
      if (row.announced_online === next.announced_online && row.announced_stuck === next.announced_stuck) continue;
      const claimed = await deps.db
        .updateTable('kiosk_status')
        .set(next)
        .where('kiosk_id', '=', row.kiosk_id)
        // a heartbeat that landed since the read decides instead (it publishes its own tile)
        .where('last_seen', '=', row.last_seen)
        .where('since', '=', row.since)
        .where((eb) =>
          eb.and([
            row.announced_online === null
              ? eb('announced_online', 'is', null)
              : eb('announced_online', '=', row.announced_online),
            row.announced_stuck === null
              ? eb('announced_stuck', 'is', null)
              : eb('announced_stuck', '=', row.announced_stuck),
          ]),
        )
        .executeTakeFirst();
      // a row never announced (written before this column) is recorded quietly, as at first sight
      if (claimed.numUpdatedRows > 0n && row.announced_online !== null) bus.publish(tile);
    }
  };
  return {
    sweep,
    watch(): () => void {
      watchers += 1;
      if (!timer) {
        timer = setInterval(() => void sweep().catch(() => undefined), SWEEP_MS);
        timer.unref();
      }
      let released = false;
      return () => {
        if (released) return;
        released = true;
        watchers -= 1;
        if (watchers === 0 && timer) {
          clearInterval(timer);
          timer = null;
        }
      };
    },
  };
}
export type OfflineSweeper = ReturnType<typeof createOfflineSweeper>;

const data = (event: LiveEvent) => JSON.stringify(event);

/**
 * GET /fleet/live: the office live view as Server-Sent Events, for a supervisor's staff session
 * only (the kiosk's signature and the X-Staff-Session token of a session it opened). At connect a
 * snapshot, or, with Last-Event-ID still held, only the changes missed; then each change as it
 * happens, and a keep-alive comment every 15 s. Everything the stream holds is released when the
 * request's signal aborts (the client went away).
 */
export function registerLiveRoutes(
  app: Hono<CentralEnv>,
  deps: CentralDeps,
  bus: LiveBus,
  sweeper: OfflineSweeper,
): void {
  app.get(LIVE_PATH, async (c) => {
    const session = await staffSessionOf(deps, c, headerSession(c));
    if (!session) return fail(c, 401, 'unauthorized');
    const lastEventId = Number(c.req.header('last-event-id') ?? '');
    const signal = c.req.raw.signal;
    return streamSSE(c, async (stream) => {
      const queue: LiveChange[] = [];
      let wake: (() => void) | null = null;
      // set when the bus may have missed changes: the next write is a fresh snapshot
      let stale = false;
      const unsubscribe = bus.subscribe(
        (change) => {
          queue.push(change);
          wake?.();
        },
        () => {
          stale = true;
          queue.length = 0;
          wake?.();
        },
      );
      const sendSnapshot = async () => {
        const label = bus.lastId();
        // a change heard while the snapshot is read is also sent after it (the same tile twice at worst)
        const snapshot = data({ type: 'snapshot', tiles: await liveTiles(deps) });
        await stream.writeSSE({ id: String(label), event: 'snapshot', data: snapshot });
      };
      const release = sweeper.watch();
      const cleanup = () => {
        unsubscribe();
        release();
        wake?.();
      };
      if (signal.aborted) cleanup();
      else signal.addEventListener('abort', cleanup, { once: true });
      // synchronous from subscribe to here: every change heard after the replay or the
      // snapshot's label is in the queue, and none heard before it is
      const replay = Number.isSafeInteger(lastEventId) && lastEventId > 0 ? bus.since(lastEventId) : null;
      if (replay) queue.unshift(...replay);
      else await sendSnapshot();
      while (!signal.aborted && !stream.aborted) {
        if (stale) {
          stale = false;
          await sendSnapshot();
        }
        // in the order heard, which every node shares (not the order of the ids)
        while (queue.length > 0) {
          const change = queue.shift()!;
          await stream.writeSSE({
            id: String(change.id),
            event: 'tile',
            data: data({ type: 'tile', tile: change.tile }),
          });
        }
        const timedOut = await new Promise<boolean>((resolve) => {
          const timer = setTimeout(() => resolve(true), KEEP_ALIVE_MS);
          wake = () => {
            clearTimeout(timer);
            resolve(false);
          };
        });
        wake = null;
        if (timedOut && !signal.aborted) await stream.write(': keep-alive\n\n');
      }
      cleanup();
    });
  });

  app.post(routes.attendHelp.path, async (c) => {
    const body = await parseBody(c, 'attendHelp');
    if (!body.ok) return body.response;
    const session = await staffSessionOf(deps, c, body.value.session);
    if (!session) return fail(c, 401, 'unauthorized');
    const now = deps.now();
    const { kioskId, helpId } = body.value;
    // the update is the claim: of two supervisors tapping at once, one attends and one is told no
    const cleared = await deps.db
      .updateTable('kiosk_status')
      .set({ help_id: null, help_screen: null, help_since: null })
      .where('kiosk_id', '=', kioskId)
      .where('help_id', '=', helpId)
      .executeTakeFirst();
    if (cleared.numUpdatedRows === 0n) return reply(c, 'attendHelp', { attended: false });
    await deps.db
      .insertInto('fleet_command')
      .values({
        id: randomId(),
        kiosk_id: kioskId,
        kind: 'help.attended',
        help_id: helpId,
        staff_id: session.staffId,
        created_at: now,
        delivered_at: null,
      })
      .execute();
    await recordAudit(deps.db, {
      at: now,
      kioskId: c.get('kioskId'),
      action: 'staff.help_attended',
      subject: kioskId,
      detail: session.staffId,
    });
    const row = await deps.db.selectFrom('kiosk_status').selectAll().where('kiosk_id', '=', kioskId).executeTakeFirst();
    if (row) bus.publish(tileOf(row, now));
    return reply(c, 'attendHelp', { attended: true });
  });

  app.post(routes.endSession.path, async (c) => {
    const body = await parseBody(c, 'endSession');
    if (!body.ok) return body.response;
    const session = await staffSessionOf(deps, c, body.value.session);
    if (!session) return fail(c, 401, 'unauthorized');
    const now = deps.now();
    const { kioskId } = body.value;
    const known = await deps.db
      .selectFrom('kiosk_status')
      .select('kiosk_id')
      .where('kiosk_id', '=', kioskId)
      .executeTakeFirst();
    if (!known) return reply(c, 'endSession', { queued: false });
    await deps.db
      .insertInto('fleet_command')
      .values({
        id: randomId(),
        kiosk_id: kioskId,
        kind: 'session.end',
        help_id: null,
        staff_id: session.staffId,
        created_at: now,
        delivered_at: null,
      })
      .execute();
    await recordAudit(deps.db, {
      at: now,
      kioskId: c.get('kioskId'),
      action: 'staff.session_ended',
      subject: kioskId,
      detail: session.staffId,
    });
    return reply(c, 'endSession', { queued: true });
  });
}
