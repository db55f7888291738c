import type { Action } from 'svelte/action';

export type IdleTimerOptions = {
  warnSeconds: number;
  resetSeconds: number;
  /** no touch for warnSeconds: show the warning; `resetAt` is when the reset will happen */
  onWarn: (resetAt: number) => void;
  /** the person touched the screen again */
  onActive: () => void;
  /** no touch for resetSeconds: end the session and clear the screen */
  onReset: () => void;
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
};

/**
 * The idle rule of DESIGN §6 as a small timer: a warning after warnSeconds without input, a
 * reset at resetSeconds. Every `activity()` starts the count again.
 */
export function createIdleTimer(options: IdleTimerOptions) {
  const now = options.now ?? Date.now;
  const setTimer = options.setTimer ?? ((fn: () => void, ms: number) => setTimeout(fn, ms));
  const clearTimer = options.clearTimer ?? ((h: unknown) => clearTimeout(h as ReturnType<typeof setTimeout>));
  const warnMs = Math.min(options.warnSeconds, options.resetSeconds) * 1000;
  const resetMs = options.resetSeconds * 1000;
  let timers: unknown[] = [];
  let warned = false;

  const clear = () => {
    for (const t of timers) clearTimer(t);
    timers = [];
  };

  const arm = () => {
    clear();
    const start = now();
    timers.push(
      setTimer(() => {
        warned = true;
        options.onWarn(start + resetMs);
      }, warnMs),
      setTimer(() => {
        clear();
        options.onReset();
      }, resetMs),
    );
  };

  return {
    activity() {
      if (warned) {
        warned = false;
        options.onActive();
      }
      arm();
    },
    start: arm,
    stop() {
      clear();
      if (warned) {
        warned = false;
        options.onActive();
      }
    },
  };
}

export type IdleGuardParams = Omit<IdleTimerOptions, 'now' | 'setTimer' | 'clearTimer'> & {
  enabled: boolean;
  /** each touch or key while the rule runs (the core keeps its own idle clock from these) */
  onActivity?: () => void;
};

const activityEvents = ['pointerdown', 'keydown', 'wheel'] as const;

/**
 * Watches touch and keys anywhere in the app and applies the idle rule while `enabled`
 * (a session or a changed preference is on screen).
 */
export const idleGuard: Action<HTMLElement, IdleGuardParams> = (node, initial) => {
  let params = initial;
  let timer = createIdleTimer(params);
  let running = false;
  const onActivity = () => {
    if (!running) return;
    timer.activity();
    params.onActivity?.();
  };
  for (const name of activityEvents) node.addEventListener(name, onActivity, { capture: true, passive: true });

  const apply = () => {
    if (params.enabled && !running) {
      running = true;
      timer.start();
    } else if (!params.enabled && running) {
      running = false;
      timer.stop();
    }
  };
  apply();

  return {
    update(next) {
      const timingChanged = next.warnSeconds !== params.warnSeconds || next.resetSeconds !== params.resetSeconds;
      params = next;
      if (timingChanged) {
        timer.stop();
        running = false;
        timer = createIdleTimer(params);
      }
      apply();
    },
    destroy() {
      timer.stop();
      for (const name of activityEvents) node.removeEventListener(name, onActivity, { capture: true });
    },
  };
};
