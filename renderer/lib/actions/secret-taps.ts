import type { Action } from 'svelte/action';

export type SecretTapsOptions = {
  enabled: boolean;
  /** taps needed (5 on the logo) */
  count?: number;
  /** all of them within this time */
  withinMs?: number;
  onTrigger: () => void;
};

/**
 * Counts taps and reports true when the last `count` of them fell within `withinMs`. Pure, so
 * the rule is tested without a DOM; the list it returns is what to keep for the next tap.
 */
export function registerTap(
  taps: readonly number[],
  at: number,
  count: number,
  withinMs: number,
): { taps: number[]; triggered: boolean } {
  const recent = [...taps, at].filter((t) => at - t <= withinMs).slice(-count);
  if (recent.length >= count) return { taps: [], triggered: true };
  return { taps: recent, triggered: false };
}

/**
 * The hidden gesture that opens the staff PIN dialog. Listens for clicks (a tap on
 * a touch screen) without changing the element's role or name, so the logo stays a plain image
 * to assistive tech and the gesture is not advertised to the public.
 */
export const secretTaps: Action<HTMLElement, SecretTapsOptions> = (node, initial) => {
  let options = initial;
  let taps: number[] = [];
  const onClick = (event: MouseEvent) => {
    if (!options.enabled) {
      taps = [];
      return;
    }
    const next = registerTap(taps, event.timeStamp, options.count ?? 5, options.withinMs ?? 3000);
    taps = next.taps;
    if (next.triggered) options.onTrigger();
  };
  node.addEventListener('click', onClick);
  return {
    update(next) {
      options = next;
    },
    destroy() {
      node.removeEventListener('click', onClick);
    },
  };
};
