import { JitError } from '@jitkit/core';

/** Checks a method argument; the error names the method, the parameter and what it got. */
export function requireId(value: unknown, method: string, param: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new JitError('INVALID_ARGUMENT', `${method}: ${param} must be a non-empty string, got ${describe(value)}`, { method, param });
  }
  return value;
}

export function requireIdList(value: unknown, method: string, param: string): string[] {
  if (!Array.isArray(value))
    throw new JitError('INVALID_ARGUMENT', `${method}: ${param} must be a list of ids, got ${describe(value)}`, { method, param });
  value.forEach((v, i) => requireId(v, method, `${param}[${i}]`));
  return [...new Set(value as string[])];
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'string')
    return v === ''
      ? 'an empty string'
      : v.trim() === ''
        ? 'a blank string'
        : `a string (${JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v)})`;
  return typeof v;
}
