import { describe, expect, it } from 'vitest';
import { declareErrors, exitCodeOf, httpStatusOf, JitError } from '@jitkit/core';

// Issue 11, item 4: each code is declared once with its HTTP status and exit code.
describe('the error catalogue', () => {
  it('gives a declared code its status and exit code; anything else is 500 and exit 1', () => {
    declareErrors({ TEST_TEAPOT: { status: 418, exit: 7 }, TEST_BY_REASON: { status: (d) => (d.reason === 'late' ? 408 : 400) } });
    expect(httpStatusOf(new JitError('TEST_TEAPOT', 'x'))).toBe(418);
    expect(exitCodeOf(new JitError('TEST_TEAPOT', 'x'))).toBe(7);
    expect(httpStatusOf(new JitError('TEST_BY_REASON', 'x', { reason: 'late' }))).toBe(408);
    expect(httpStatusOf(new JitError('TEST_BY_REASON', 'x'))).toBe(400);
    expect(httpStatusOf(new JitError('INVALID_ARGUMENT', 'x'))).toBe(400);
    expect(httpStatusOf(new JitError('NEVER_DECLARED', 'x'))).toBe(500);
    expect(httpStatusOf(new Error('plain'))).toBe(500);
    expect(exitCodeOf(new Error('plain'))).toBe(1);
  });

  it('refuses a second declaration of a code with another meaning', () => {
    expect(() => declareErrors({ INVALID_ARGUMENT: { status: 422 } })).toThrow('declared twice');
  });
});
