import { describe, expect, it } from 'vitest';
import type { FlowKind } from '../../contract/flow';
import {
  acceptsStep,
  back,
  canDisown,
  canGoBack,
  canMove,
  firstState,
  next,
  statesOf,
  successors,
  type FlowState,
} from './machine';

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

describe('the way back', () => {
  it('goes back exactly one screen of the path, never to a proof the central counted', () => {
    for (const kind of ['generate', 'recover', 'employer'] as const) {
      for (const state of statesOf(kind)) {
        for (const facts of [{}, { hasOwnImage: true }]) {
          const to = back(kind, state, facts);
          expect(canGoBack(kind, state)).toBe(to !== null);
          if (to === null) continue;
          // going back is the reverse of a forward step the person took (possibly over the pick)
          const forward = successors(kind, to);
          const viaPick = successors(kind, 'securityImage').includes(state) && forward.includes('securityImage');
          expect(forward.includes(state) || viaPick, `${kind}: ${state} → ${to}`).toBe(true);
          // never back onto a screen where the central counted answers or a code was checked
          expect(['challenge', 'employerCode', 'activation']).not.toContain(to);
        }
      }
    }
  });

  it('has no way back from the activation on, from a verified code, from done or locked', () => {
    for (const kind of ['generate', 'recover', 'employer'] as const)
      for (const state of ['activation', 'declaration', 'employerCode', 'confirmIdentity', 'done', 'locked'] as const)
        expect(canGoBack(kind, state), `${kind}: ${state}`).toBe(false);
    expect(back('generate', 'confirmEmail')).toBe('email');
    expect(back('recover', 'email', { hasOwnImage: true })).toBe('securityImage');
    expect(back('recover', 'email')).toBe('confirmIdentity');
    expect(back('employer', 'password')).toBe('declaration');
  });

  it('"No soy yo" only on the identity confirm of a person', () => {
    expect(canDisown('generate', 'confirmIdentity')).toBe(true);
    expect(canDisown('recover', 'confirmIdentity')).toBe(true);
    for (const state of statesOf('generate').filter((s) => s !== 'confirmIdentity'))
      expect(canDisown('generate', state)).toBe(false);
    for (const state of statesOf('employer')) expect(canDisown('employer', state)).toBe(false);
  });
});
