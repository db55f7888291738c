import type { LiveTile } from '../../domain/fleet';

/** One change of the live view, numbered so a reconnecting screen can resume after the last it saw. */
export type LiveChange = { id: number; tile: LiveTile };

/**
 * The fan-out of live-view changes to every open stream. In-process today; a central of several
 * nodes puts PostgreSQL LISTEN/NOTIFY behind the same interface (publish = NOTIFY, subscribers
 * fed by LISTEN), so the routes do not change.
 */
export interface LiveBus {
  publish(tile: LiveTile): void;
  /** the listener hears every change published after it subscribed */
  subscribe(listener: (change: LiveChange) => void): () => void;
  /** changes after `id` still held, oldest first; null when `id` is older than what is held */
  since(id: number): LiveChange[] | null;
  /** the id of the last change published (0 before any) */
  lastId(): number;
  /** subscribers right now (tests check that a closed stream leaves none behind) */
  subscriberCount(): number;
}

/** How many recent changes are kept for Last-Event-ID resumption. */
export const REPLAY_CHANGES = 500;

export function createInProcessLiveBus(): LiveBus {
  const listeners = new Set<(change: LiveChange) => void>();
  const recent: LiveChange[] = [];
  let lastId = 0;
  return {
    publish(tile) {
      const change = { id: ++lastId, tile };
      recent.push(change);
      if (recent.length > REPLAY_CHANGES) recent.shift();
      for (const listener of [...listeners]) listener(change);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    since(id) {
      if (id > lastId) return null;
      const first = recent[0];
      if (id === lastId) return [];
      if (!first || id < first.id - 1) return null;
      return recent.filter((c) => c.id > id);
    },
    lastId: () => lastId,
    subscriberCount: () => listeners.size,
  };
}
