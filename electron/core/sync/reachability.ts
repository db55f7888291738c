import type { CentralClient, CentralResult } from '../../../central/client';

/** Whether the central answered the last call, and since when (said plainly offline). */
export type CentralStatus = { reachable: boolean; since: number };

/** The kiosk's one view of the central's reachability; listeners hear only changes. */
export interface Reachability {
  current(): CentralStatus;
  /** one call's outcome: true when the central answered (a refusal is an answer) */
  observe(reached: boolean): void;
  subscribe(listener: (status: CentralStatus) => void): () => void;
}

/**
 * Starts as reachable: until a call fails there is nothing to warn about, and a kiosk whose
 * central is down learns it within the boot prefetch of the catalogs.
 */
export function createReachability(now: () => number = Date.now): Reachability {
  let status: CentralStatus = { reachable: true, since: now() };
  const listeners = new Set<(status: CentralStatus) => void>();
  return {
    current: () => status,
    observe(reached) {
      if (reached === status.reachable) return;
      status = { reachable: reached, since: now() };
      for (const listener of [...listeners]) listener(status);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export type WatchedCentral = CentralClient & { probe(): Promise<boolean>; reachability: Reachability };

/**
 * Wraps the central client to notice "network return" (DESIGN §4): the first answer after a
 * failure to reach the central calls `onReturn`, so the outbox stops waiting out its backoff.
 * A refusal (4xx) counts as reachable: the central answered. Every outcome also feeds
 * `reachability`, which tells the screens (event `central.status`).
 */
export function watchReachability(
  client: CentralClient,
  onReturn: () => void,
  reachability: Reachability = createReachability(),
): WatchedCentral {
  let unreachable = false;
  const observe = <T>(result: CentralResult<T>): CentralResult<T> => {
    const reached = result.ok || result.failure.kind === 'rejected';
    if (reached && unreachable) onReturn();
    unreachable = !reached;
    reachability.observe(reached);
    return result;
  };
  return {
    baseUrl: client.baseUrl,
    reachability,
    call: async (route, body, options) => observe(await client.call(route, body, options)),
    catalogs: async (etag) => observe(await client.catalogs(etag)),
    /** the periodic health probe: a catalogs revalidation is cheap (304) and proves the way is open */
    probe: async () => {
      const result = observe(await client.catalogs('"probe"'));
      return result.ok || result.failure.kind === 'rejected';
    },
  };
}
