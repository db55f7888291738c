import { session } from './session.svelte';

/**
 * Whether the IESS central answers. Until the core says otherwise by event, app.info's
 * `centralReachable` decides; an absent value means an older core, taken as reachable.
 */
class CentralStatus {
  #fromEvent = $state<boolean | null>(null);

  readonly reachable: boolean = $derived(this.#fromEvent ?? session.info?.centralReachable ?? true);

  /** Starts following 'central.status'; call once after the session is attached. */
  watch(): () => void {
    return session.on('central.status', ({ reachable }) => {
      this.#fromEvent = reachable;
    });
  }
}

export const central = new CentralStatus();
