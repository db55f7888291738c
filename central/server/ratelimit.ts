import type { CentralDeps } from './deps';
import { takeTry } from './throttle';

/**
 * Trámite step 3: look-ups per kiosk per minute, so a kiosk cannot enumerate who is affiliated and
 * who has a clave. Counted in the central's database, not in a node's memory: every node of the
 * central shares the one count, so spreading look-ups over nodes does not multiply the budget.
 * Keyed by the kiosk the signature proved, so the keys are as many as the enrolled kiosks.
 */
export async function takeLookup(deps: CentralDeps, scope: 'afiliado' | 'employer', kioskId: string): Promise<boolean> {
  const rule = { limit: deps.lookupsPerMinute, windowMs: 60_000, lockMs: 60_000 };
  return (await takeTry(deps.db, `lookup:${scope}:${kioskId}`, rule, deps.now())).ok;
}
