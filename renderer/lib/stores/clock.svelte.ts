/**
 * One shared ticking clock for every countdown on screen, so two timers never disagree by a
 * second. Ticks four times a second while anything reads it.
 */
import { createSubscriber } from 'svelte/reactivity';

const subscribe = createSubscriber((update) => {
  const timer = setInterval(update, 250);
  return () => clearInterval(timer);
});

export function now(): number {
  subscribe();
  return Date.now();
}

/** Whole seconds left until `deadline` (epoch ms), never negative. */
export function secondsUntil(deadline: number, at: number): number {
  return Math.max(0, Math.ceil((deadline - at) / 1000));
}

/** m:ss, the way a countdown reads on a public screen. */
export function formatClock(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return `${m}:${String(s).padStart(2, '0')}`;
}
