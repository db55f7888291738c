import { describe, expect, it } from 'vitest';
import { idleTiming, TYPING_EXTEND_SECONDS, TYPING_WARN_SECONDS } from './timing';

const office = { warnSeconds: 45, resetSeconds: 60 };

describe('idle timing per screen', () => {
  it("keeps the office's timing on screens without long typing", () => {
    expect(idleTiming(office, 'identify')).toEqual(office);
    expect(idleTiming(office, 'welcome')).toEqual(office);
    expect(idleTiming({ warnSeconds: 3, resetSeconds: 6 }, 'challenge')).toEqual({ warnSeconds: 3, resetSeconds: 6 });
  });

  it('warns later on typing screens and always leaves time to extend', () => {
    for (const screen of ['email', 'password', 'securityQuestions'] as const) {
      const timing = idleTiming(office, screen);
      expect(timing.warnSeconds).toBeGreaterThanOrEqual(120);
      expect(timing.resetSeconds - timing.warnSeconds).toBeGreaterThanOrEqual(30);
    }
    expect(idleTiming({ warnSeconds: 3, resetSeconds: 6 }, 'email')).toEqual({
      warnSeconds: TYPING_WARN_SECONDS,
      resetSeconds: TYPING_WARN_SECONDS + TYPING_EXTEND_SECONDS,
    });
  });

  it('never shortens an office that gives more time', () => {
    expect(idleTiming({ warnSeconds: 300, resetSeconds: 400 }, 'password')).toEqual({
      warnSeconds: 300,
      resetSeconds: 400,
    });
  });
});
