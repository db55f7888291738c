import { describe, expect, it } from 'vitest';
import { screenProgress } from './progress';

const walk = (kind: 'generate' | 'recover' | 'employer', states: string[], facts = {}) =>
  states.map((s) => screenProgress(kind, s as never, facts));

describe('step counter counts the screens the person sees', () => {
  it('generate: welcome then ten screens, one number each, none skipped', () => {
    const states = [
      'identify',
      'challenge',
      'confirmIdentity',
      'securityQuestions',
      'securityImage',
      'email',
      'confirmEmail',
      'activation',
      'declaration',
      'password',
    ];
    const progress = walk('generate', states);
    expect(progress.map((p) => p.step)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(new Set(progress.map((p) => p.total))).toEqual(new Set([11]));
    expect(screenProgress('generate', 'done', {})).toEqual({ step: 11, total: 11 });
  });

  it('recover counts the image screen only for a person who has one', () => {
    const withImage = walk(
      'recover',
      ['identify', 'challenge', 'confirmIdentity', 'securityImage', 'email', 'password'],
      { hasOwnImage: true },
    );
    expect(withImage.map((p) => p.step)).toEqual([2, 3, 4, 5, 6, 10]);
    expect(withImage[0]!.total).toBe(10);
    const without = walk('recover', [
      'confirmIdentity',
      'email',
      'confirmEmail',
      'activation',
      'declaration',
      'password',
    ]);
    expect(without.map((p) => p.step)).toEqual([4, 5, 6, 7, 8, 9]);
    expect(without[0]!.total).toBe(9);
  });

  it('employer: five screens with the welcome', () => {
    expect(walk('employer', ['employerIdentify', 'employerCode', 'declaration', 'password'])).toEqual(
      [2, 3, 4, 5].map((step) => ({ step, total: 5 })),
    );
  });

  it('a locked screen keeps the number of the screen it was reached from', () => {
    expect(screenProgress('recover', 'locked', {}, 'challenge')).toEqual({ step: 3, total: 9 });
  });
});
