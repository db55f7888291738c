import { describe, expect, it } from 'vitest';
import { wrapFocus } from './focus-trap';

describe('focus trap wrapping', () => {
  const items = ['a', 'b', 'c'];
  it('moves forward and wraps from the last to the first', () => {
    expect(wrapFocus(items, 'a', false)).toBe('b');
    expect(wrapFocus(items, 'c', false)).toBe('a');
  });
  it('moves backward and wraps from the first to the last', () => {
    expect(wrapFocus(items, 'b', true)).toBe('a');
    expect(wrapFocus(items, 'a', true)).toBe('c');
  });
  it('brings focus from outside into the dialog', () => {
    expect(wrapFocus(items, null, false)).toBe('a');
    expect(wrapFocus(items, 'outside', true)).toBe('c');
  });
  it('has nothing to do in an empty dialog', () => {
    expect(wrapFocus([], null, false)).toBeUndefined();
  });
});
