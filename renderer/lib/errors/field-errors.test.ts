import { describe, expect, it } from 'vitest';
import { fieldIds, fieldProblem, firstMissing } from './field-errors';
import { landlineProblem, mobileProblem } from './phone';
import { esEC } from '../i18n/es-EC';
import { en } from '../i18n/en';

describe('errors that point at a field', () => {
  it('points a core refusal that names a field at that field, with words that say how to fix it', () => {
    const problem = fieldProblem({ code: 'phone_invalid', field: 'mobile' });
    expect(problem).toEqual({ field: 'mobile', inputId: 'mobile', message: 'fieldError.mobile' });
    expect(esEC[problem!.message]).toContain('10 dígitos');
    expect(esEC[problem!.message]).toContain('09');
  });

  it('chooses the words by the code when the field has several problems', () => {
    expect(fieldProblem({ code: 'email_mismatch', field: 'confirm' })?.message).toBe('fieldError.confirm.mismatch');
    expect(fieldProblem({ code: 'incomplete', field: 'confirm' })?.message).toBe('fieldError.confirm.missing');
    expect(fieldProblem({ code: 'invalid_id', field: 'id' })?.message).toBe('fieldError.id.invalid');
  });

  it('leaves an error about the whole screen, or about a field it does not know, unpointed', () => {
    expect(fieldProblem({ code: 'central_unavailable' })).toBeNull();
    expect(fieldProblem({ code: 'invalid_input', field: 'answers' })).toBeNull();
    expect(fieldProblem({ code: 'invalid_input', field: 'constructor' })).toBeNull();
    expect(fieldProblem(null)).toBeNull();
  });

  it('has words for every field in both languages', () => {
    for (const field of Object.keys(fieldIds) as (keyof typeof fieldIds)[]) {
      const key = fieldProblem({ code: 'incomplete', field })!.message;
      expect(esEC[key]).toBeTruthy();
      expect(en[key]).toBeTruthy();
    }
  });

  it('names the first empty field in screen order', () => {
    expect(
      firstMissing([
        ['email', 'a@b.ec'],
        ['confirm', ' '],
        ['mobile', ''],
      ]),
    ).toBe('confirm');
    expect(firstMissing([['email', 'a@b.ec']])).toBeNull();
  });
});

describe('phone numbers (libphonenumber-js, Ecuador)', () => {
  it('accepts an Ecuadorian mobile and refuses what cannot be one', () => {
    expect(mobileProblem('0991234567', true)).toBeNull();
    expect(mobileProblem('', true)).toBe('missing');
    expect(mobileProblem('', false)).toBeNull();
    expect(mobileProblem('099123456', true)).toBe('invalid');
    expect(mobileProblem('022345678', true)).toBe('invalid');
    expect(mobileProblem('1234567890', true)).toBe('invalid');
  });

  it('accepts an optional landline with its provincial code and refuses a mobile in its place', () => {
    expect(landlineProblem('')).toBeNull();
    expect(landlineProblem('022345678')).toBeNull();
    expect(landlineProblem('0991234567')).toBe('invalid');
    expect(landlineProblem('02234')).toBe('invalid');
  });
});
