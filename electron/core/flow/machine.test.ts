import { describe, expect, it } from 'vitest';
import type { FlowKind } from '../../contract/flow';
import { acceptsStep, canMove, firstState, next, progressOf, statesOf, successors, type FlowState } from './machine';

/** Walks the flow taking the default edge (no facts) from the first state to the end. */
function happyPath(kind: FlowKind, facts = {}): FlowState[] {
  const path: FlowState[] = [firstState[kind]];
  for (let state = next(kind, path[0]!, facts); state !== null; state = next(kind, state, facts)) path.push(state);
  return path;
}

describe('flow table', () => {
  it('generate follows the twelve official steps', () => {
    expect(happyPath('generate')).toEqual([
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
      'done',
    ]);
  });

  it('recover skips step 6, and 6b unless the person has an image', () => {
    expect(happyPath('recover')).toEqual([
      'identify',
      'challenge',
      'confirmIdentity',
      'email',
      'confirmEmail',
      'activation',
      'declaration',
      'password',
      'done',
    ]);
    expect(happyPath('recover', { hasOwnImage: true })).toEqual([
      'identify',
      'challenge',
      'confirmIdentity',
      'securityImage',
      'email',
      'confirmEmail',
      'activation',
      'declaration',
      'password',
      'done',
    ]);
  });

  it('employer goes identify → code → declaration → password → done', () => {
    expect(happyPath('employer')).toEqual(['employerIdentify', 'employerCode', 'declaration', 'password', 'done']);
  });

  it('locks only where the central counts attempts', () => {
    expect(next('generate', 'identify', { locked: true })).toBe('locked');
    expect(next('generate', 'challenge', { locked: true })).toBe('locked');
    expect(next('recover', 'securityImage', { locked: true })).toBe('locked');
    expect(next('employer', 'employerCode', { locked: true })).toBe('locked');
    // generate's image is chosen, not checked: no lock there
    expect(next('generate', 'securityImage', { locked: true })).toBe('email');
    expect(next('generate', 'password', { locked: true })).toBe('done');
  });

  it('every state has exactly the successors the trámite allows', () => {
    expect(successors('generate', 'identify')).toEqual(['locked', 'challenge']);
    expect(successors('generate', 'confirmIdentity')).toEqual(['securityQuestions']);
    expect(successors('recover', 'confirmIdentity')).toEqual(['securityImage', 'email']);
    expect(successors('generate', 'activation')).toEqual(['declaration']);
    for (const kind of ['generate', 'recover', 'employer'] as const) {
      expect(successors(kind, 'done')).toEqual([]);
      expect(successors(kind, 'locked')).toEqual([]);
    }
  });

  it('refuses illegal jumps', () => {
    expect(canMove('generate', 'identify', 'password')).toBe(false);
    expect(canMove('generate', 'challenge', 'declaration')).toBe(false);
    expect(canMove('generate', 'email', 'activation')).toBe(false);
    expect(canMove('recover', 'confirmIdentity', 'securityQuestions')).toBe(false);
    expect(canMove('employer', 'employerIdentify', 'password')).toBe(false);
    expect(next('employer', 'identify')).toBeNull();
    expect(next('recover', 'securityQuestions')).toBeNull();
    expect(canMove('generate', 'declaration', 'password')).toBe(true);
  });

  it('accepts a step input only on its own screen', () => {
    expect(acceptsStep('generate', 'identify', 'identify')).toBe(true);
    expect(acceptsStep('generate', 'identify', 'password')).toBe(false);
    expect(acceptsStep('recover', 'securityQuestions', 'securityQuestions')).toBe(false);
    expect(acceptsStep('employer', 'identify', 'identify')).toBe(false);
    expect(acceptsStep('generate', 'done', 'password')).toBe(false);
  });
});

describe('progress numbering', () => {
  it('generate counts 12 with 6b showing 6 and done 12', () => {
    const steps = happyPath('generate').map((s) => progressOf('generate', s).step);
    expect(steps).toEqual([2, 4, 5, 6, 6, 7, 8, 9, 11, 12, 12]);
    expect(progressOf('generate', 'identify').total).toBe(12);
  });

  it('recover counts 11 whether or not there is an image', () => {
    expect(happyPath('recover').map((s) => progressOf('recover', s).step)).toEqual([2, 4, 5, 6, 7, 8, 10, 11, 11]);
    expect(happyPath('recover', { hasOwnImage: true }).map((s) => progressOf('recover', s).step)).toEqual([
      2, 4, 5, 5, 6, 7, 8, 10, 11, 11,
    ]);
    expect(progressOf('recover', 'done').total).toBe(11);
  });

  it('employer counts 5', () => {
    expect(happyPath('employer').map((s) => progressOf('employer', s))).toEqual(
      [2, 3, 4, 5, 5].map((step) => ({ step, total: 5 })),
    );
  });

  it('numbers never go backwards and never pass the total', () => {
    for (const kind of ['generate', 'recover', 'employer'] as const) {
      for (const state of statesOf(kind)) {
        const { step, total } = progressOf(kind, state);
        expect(step).toBeLessThanOrEqual(total);
        for (const to of successors(kind, state)) {
          if (to !== 'locked') expect(progressOf(kind, to).step).toBeGreaterThanOrEqual(step);
        }
      }
    }
  });

  it('a locked screen keeps the number of where it happened', () => {
    expect(progressOf('generate', 'locked', 'challenge')).toEqual({ step: 4, total: 12 });
    expect(progressOf('employer', 'locked', 'employerCode')).toEqual({ step: 3, total: 5 });
  });
});
