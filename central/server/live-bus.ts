import type { LiveTile } from '../../domain/fleet';

/**
 * One change of the live view, labelled so a reconnecting screen can resume after the last it
 * saw. The id is a label, unique to the change; the ORDER of changes is the order a bus hears
 * them, which every node of one central shares (see live-bus-pg.ts), not the order of the ids.
 */
export type LiveChange = { id: number; tile: LiveTile };

/**
 * The fan-out of live-view changes to every open stream: in-process on SQLite (one node); on
 * PostgreSQL, LISTEN/NOTIFY behind the same interface (publish = NOTIFY, subscribers fed by
 * LISTEN), so the routes do not change.
 */
export interface LiveBus {
  publish(tile: LiveTile): void;
  /**
   * The listener hears every change heard after it subscribed, in the order heard. `onGap`: this
   * node may have missed changes (its LISTEN connection was lost and is back): what the listener
   * holds may be stale, and only a fresh snapshot is right again.
   */
  subscribe(listener: (change: LiveChange) => void, onGap?: () => void): () => void;
  /**
   * The changes heard after the change `id`, in the order heard ([] when it is the last one);
   * null when `id` is not among the changes held (too old, or never heard here): the caller
   * starts again from a snapshot. Synchronous, so that with `subscribe` just before it nothing
   * heard in between is missed or repeated.
   */
  since(id: number): LiveChange[] | null;
  /** the id of the last change heard (0 before any), which a snapshot is labelled with */
  lastId(): number;
  /** changes heard so far (tests wait on it) */
  heardCount(): number;
  /** subscribers right now (tests check that a closed stream leaves none behind) */
  subscriberCount(): number;
}

/** How many recent changes are kept for Last-Event-ID resumption. */
export const REPLAY_CHANGES = 500;

export function createInProcessLiveBus(): LiveBus {
  const listeners = new Set<(change: LiveChange) => void>();
  const recent: LiveChange[] = [];
  let lastId = 0;
  let heard = 0;
  return {
    publish(tile) {
      const change = { id: ++lastId, tile };
      heard += 1;
      recent.push(change);
      if (recent.length > REPLAY_CHANGES) recent.shift();
      for (const listener of [...listeners]) listener(change);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    since: (id) => changesAfter(recent, id, lastId),
    lastId: () => lastId,
    heardCount: () => heard,
    subscriberCount: () => listeners.size,
  };
}

/**
 * What follows the change `id` in `recent` (oldest first, in the order heard). `id` equal to
 * `lastId` with nothing held yet is the label of a snapshot taken before any change: nothing was
 * missed.
 */
export function changesAfter(recent: readonly LiveChange[], id: number, lastId: number): LiveChange[] | null {
  if (id === lastId) return [];
  const at = recent.findIndex((c) => c.id === id);
  return at < 0 ? null : recent.slice(at + 1);
}
