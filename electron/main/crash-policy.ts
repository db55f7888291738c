/** What Electron says when a renderer or the GPU process goes away (the fields we read). */
export type GoneDetails = { reason: string };

export type CrashDecision =
  /** reload the app page in the same window; the session was already reset */
  | { action: 'reload' }
  /** restart the whole app after delayMs, passing attempt on the command line */
  | { action: 'relaunch'; delayMs: number; attempt: number };

export type CrashPolicyOptions = {
  now: () => number;
  /** reloads allowed inside the window before relaunching (a crash loop must not spin) */
  maxReloads?: number;
  windowMs?: number;
  /** how many relaunches in a row already happened (from argv, see relaunchAttemptFromArgv) */
  previousRelaunches?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
};

export const RELAUNCH_FLAG = '--crash-relaunch=';

// a failed launch or a failed code integrity check will fail again in the same process
const RELAUNCH_AT_ONCE = new Set(['launch-failed', 'integrity-failure']);

/**
 * DESIGN §6: relaunch after a renderer crash. A single crash reloads the page with a fresh
 * session; repeated crashes in a short time relaunch the app; relaunches back off exponentially
 * (capped) so a kiosk with a broken GPU driver does not spin the CPU or flash the screen.
 */
export function createCrashPolicy(options: CrashPolicyOptions) {
  const maxReloads = options.maxReloads ?? 3;
  const windowMs = options.windowMs ?? 5 * 60_000;
  const baseDelayMs = options.baseDelayMs ?? 1_000;
  const maxDelayMs = options.maxDelayMs ?? 5 * 60_000;
  const previous = options.previousRelaunches ?? 0;
  const reloads: number[] = [];
  const startedAt = options.now();

  const relaunch = (): CrashDecision => {
    // a process that stayed up longer than the window ends the streak: the next relaunch is prompt
    const streak = options.now() - startedAt > windowMs ? 0 : previous;
    return {
      action: 'relaunch',
      attempt: streak + 1,
      delayMs: Math.min(maxDelayMs, streak === 0 ? 0 : baseDelayMs * 2 ** (streak - 1)),
    };
  };

  return {
    onRendererGone(details: GoneDetails): CrashDecision {
      if (RELAUNCH_AT_ONCE.has(details.reason)) return relaunch();
      const now = options.now();
      while (reloads.length > 0 && now - (reloads[0] ?? now) > windowMs) reloads.shift();
      if (reloads.length >= maxReloads) return relaunch();
      reloads.push(now);
      return { action: 'reload' };
    },
    /** the GPU process: Chromium restarts it a few times on its own; we act when it gives up or crashes */
    onGpuGone(details: GoneDetails): CrashDecision | null {
      return details.reason === 'clean-exit' ? null : relaunch();
    },
  };
}

/** Reads the relaunch count the previous process passed; anything odd counts as none. */
export function relaunchAttemptFromArgv(argv: readonly string[]): number {
  const arg = argv.find((a) => a.startsWith(RELAUNCH_FLAG));
  const n = Number(arg?.slice(RELAUNCH_FLAG.length));
  return Number.isInteger(n) && n > 0 && n < 1_000 ? n : 0;
}

/** The argv for the next process: ours without an old flag, plus the new count. */
export function relaunchArgs(argv: readonly string[], attempt: number): string[] {
  return [...argv.slice(1).filter((a) => !a.startsWith(RELAUNCH_FLAG)), `${RELAUNCH_FLAG}${attempt}`];
}
