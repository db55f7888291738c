import { describe, expect, it } from 'vitest';
import { createCrashPolicy, relaunchArgs, relaunchAttemptFromArgv } from './crash-policy';

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('renderer crash policy (DESIGN §6: relaunch after a renderer crash)', () => {
  it('reloads a first crash, then relaunches when crashes loop inside the window', () => {
    const c = clock();
    const policy = createCrashPolicy({ now: c.now, maxReloads: 3, windowMs: 60_000 });
    const decisions = [];
    for (let i = 0; i < 5; i++) {
      decisions.push(policy.onRendererGone({ reason: 'crashed' }).action);
      c.advance(1_000);
    }
    expect(decisions).toEqual(['reload', 'reload', 'reload', 'relaunch', 'relaunch']);
  });

  it('forgets crashes older than the window, so a rare crash only reloads', () => {
    const c = clock();
    const policy = createCrashPolicy({ now: c.now, maxReloads: 2, windowMs: 60_000 });
    for (let i = 0; i < 10; i++) {
      expect(policy.onRendererGone({ reason: 'oom' })).toEqual({ action: 'reload' });
      c.advance(61_000);
    }
  });

  it('relaunches at once after a failed launch or integrity failure', () => {
    const policy = createCrashPolicy({ now: clock().now });
    expect(policy.onRendererGone({ reason: 'integrity-failure' })).toEqual({
      action: 'relaunch',
      attempt: 1,
      delayMs: 0,
    });
    expect(policy.onRendererGone({ reason: 'launch-failed' }).action).toBe('relaunch');
  });

  it('backs relaunches off exponentially with a cap, so a crash loop across restarts does not spin', () => {
    const delays = [0, 1, 2, 3, 4, 12, 30].map((previous) => {
      const d = createCrashPolicy({
        now: clock().now,
        previousRelaunches: previous,
        baseDelayMs: 1_000,
        maxDelayMs: 60_000,
      }).onGpuGone({ reason: 'crashed' });
      return d?.action === 'relaunch' ? [d.attempt, d.delayMs] : null;
    });
    expect(delays).toEqual([
      [1, 0],
      [2, 1_000],
      [3, 2_000],
      [4, 4_000],
      [5, 8_000],
      [13, 60_000],
      [31, 60_000],
    ]);
  });

  it('ends the relaunch streak once the process has stayed up longer than the window', () => {
    const c = clock();
    const policy = createCrashPolicy({ now: c.now, previousRelaunches: 6, windowMs: 60_000 });
    c.advance(61_000);
    expect(policy.onGpuGone({ reason: 'crashed' })).toEqual({ action: 'relaunch', attempt: 1, delayMs: 0 });
  });

  it('relaunches after a GPU crash but not after a clean GPU exit', () => {
    const policy = createCrashPolicy({ now: clock().now });
    expect(policy.onGpuGone({ reason: 'crashed' })?.action).toBe('relaunch');
    expect(policy.onGpuGone({ reason: 'clean-exit' })).toBeNull();
  });

  it('carries the attempt count on the command line, ignoring junk', () => {
    expect(relaunchAttemptFromArgv(['electron', '.', '--crash-relaunch=3'])).toBe(3);
    for (const junk of [
      '--crash-relaunch=',
      '--crash-relaunch=-2',
      '--crash-relaunch=1e9',
      '--crash-relaunch=abc',
      '--crash-relaunch=2.5',
    ]) {
      expect(relaunchAttemptFromArgv([junk]), junk).toBe(0);
    }
    expect(relaunchArgs(['/usr/bin/kiosk', '--role=kiosk', '--crash-relaunch=3'], 4)).toEqual([
      '--role=kiosk',
      '--crash-relaunch=4',
    ]);
  });
});
