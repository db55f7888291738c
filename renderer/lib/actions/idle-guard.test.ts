import { describe, expect, it, vi } from 'vitest';
import { createIdleTimer } from './idle-guard';

function setup(warnSeconds = 45, resetSeconds = 60) {
  vi.useFakeTimers();
  const events: string[] = [];
  const timer = createIdleTimer({
    warnSeconds,
    resetSeconds,
    onWarn: (resetAt) => events.push(`warn@${resetAt - Date.now()}`),
    onActive: () => events.push('active'),
    onReset: () => events.push('reset'),
  });
  return { timer, events };
}

describe('idle timer (DESIGN §6)', () => {
  it('warns at 45 s and resets at 60 s without input', () => {
    const { timer, events } = setup();
    timer.start();
    vi.advanceTimersByTime(44_999);
    expect(events).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(events).toEqual(['warn@15000']);
    vi.advanceTimersByTime(15_000);
    expect(events).toEqual(['warn@15000', 'reset']);
    vi.useRealTimers();
  });

  it('a touch during the warning hides it and starts the count again', () => {
    const { timer, events } = setup();
    timer.start();
    vi.advanceTimersByTime(50_000);
    timer.activity();
    expect(events).toEqual(['warn@15000', 'active']);
    vi.advanceTimersByTime(44_000);
    expect(events).not.toContain('reset');
    vi.advanceTimersByTime(16_000);
    expect(events.at(-1)).toBe('reset');
    vi.useRealTimers();
  });

  it('stop() cancels both timers', () => {
    const { timer, events } = setup(1, 2);
    timer.start();
    timer.stop();
    vi.advanceTimersByTime(10_000);
    expect(events).toEqual([]);
    vi.useRealTimers();
  });

  it('a warning longer than the reset is clamped to the reset', () => {
    const { timer, events } = setup(90, 60);
    timer.start();
    vi.advanceTimersByTime(60_000);
    expect(events).toEqual(['warn@0', 'reset']);
    vi.useRealTimers();
  });
});
