import type { CentralClient, CentralResult } from '../../central/client';

/**
 * Wraps the central client to notice "network return" (DESIGN §4): the first answer after a
 * failure to reach the central calls `onReturn`, so the outbox stops waiting out its backoff.
 * A refusal (4xx) counts as reachable: the central answered.
 */
export function watchReachability(client: CentralClient, onReturn: () => void): CentralClient & { probe(): Promise<boolean> } {
  let unreachable = false;
  const observe = <T>(result: CentralResult<T>): CentralResult<T> => {
    const reached = result.ok || result.failure.kind === 'rejected';
    if (reached && unreachable) onReturn();
    unreachable = !reached;
    return result;
  };
  return {
    baseUrl: client.baseUrl,
    call: async (route, body, options) => observe(await client.call(route, body, options)),
    catalogs: async (etag) => observe(await client.catalogs(etag)),
    /** the periodic health probe: a catalogs revalidation is cheap (304) and proves the way is open */
    probe: async () => {
      const result = observe(await client.catalogs('"probe"'));
      return result.ok || result.failure.kind === 'rejected';
    },
  };
}
