import type { Cancel, Schedule } from './context';

/**
 * The renderer clears the screen at the reset time and tells the core; this margin later the core
 * ends the session itself, so a renderer that never says so (frozen, closed, tampered with)
 * cannot keep a person's data alive.
 */
export const CORE_IDLE_GRACE_MS = 5_000;

/** While paused, how often the watch looks whether the pause is over. */
export const PAUSE_RECHECK_MS = 1_000;

export type IdleWatchOptions = {
  now: () => number;
  schedule: Schedule;
  /** the reset time on the screen shown now, in ms (longer on the typing screens) */
  limitMs: () => number;
  /** the clock does not run: a help request is open, or the person is on their phone with a live link */
  paused: () => boolean;
  /** a session is on the screen: with none, there is nothing to end */
  active: () => boolean;
  /** idle past the limit: end the session and forget the person */
  onIdle: () => void;
};

/**
 * The core's own idle clock for one terminal (DESIGN §6: "the session is cancelled at the core,
 * which enforces the limit too"). Every call from the screen is activity; a pause holds the
 * clock, and the event that ends a pause (staff answered, the link expired) is activity too.
 */
export function createIdleWatch(options: IdleWatchOptions) {
  let lastActivityAt = options.now();
  let cancel: Cancel | null = null;

  const arm = (inMs: number) => {
    cancel?.();
    cancel = options.schedule(check, Math.max(0, inMs));
  };

  function check(): void {
    cancel = null;
    if (!options.active()) return;
    const limit = options.limitMs() + CORE_IDLE_GRACE_MS;
    if (options.paused()) {
      // nobody is gone: looked at again shortly, so the clock starts when the pause ends (a link
      // runs out on its own, with no call to say so), well within the grace
      lastActivityAt = options.now();
      return arm(PAUSE_RECHECK_MS);
    }
    const due = lastActivityAt + limit;
    if (options.now() < due) return arm(due - options.now());
    options.onIdle();
  }

  return {
    /** The person did something on this screen (any call), or a pause ended. */
    touch(): void {
      lastActivityAt = options.now();
      arm(options.limitMs() + CORE_IDLE_GRACE_MS);
    },
    get lastActivityAt(): number {
      return lastActivityAt;
    },
    stop(): void {
      cancel?.();
      cancel = null;
    },
  };
}
