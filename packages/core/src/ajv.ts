import { Ajv, type ErrorObject } from 'ajv';
import type { Problem, ErrorCode } from './errors.js';

/** Ajv for our own schemas (e.json, app.json): strict, every error reported. */
export function createStrictAjv(): Ajv {
  return new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
}

/** Ajv for schemas users write (Type config schemas): unknown keywords are annotations, not errors. */
export function createLenientAjv(): Ajv {
  return new Ajv({ allErrors: true, strict: false });
}

/**
 * Turns ajv errors into problems that point at the offending field. Values are never quoted:
 * the document may be a config file holding a secret.
 */
export function ajvProblems(errors: ErrorObject[] | null | undefined, file: string, code: ErrorCode): Problem[] {
  const out: Problem[] = [];
  const seen = new Set<string>();
  for (const e of errors ?? []) {
    let pointer = e.instancePath;
    let message = e.message ?? 'is invalid';
    if (e.keyword === 'required') {
      pointer += `/${(e.params as { missingProperty: string }).missingProperty}`;
      message = 'is required';
    } else if (e.keyword === 'additionalProperties') {
      pointer += `/${(e.params as { additionalProperty: string }).additionalProperty}`;
      message = 'is not an allowed property';
    } else if (e.keyword === 'enum') {
      message = `must be one of ${JSON.stringify((e.params as { allowedValues: unknown[] }).allowedValues)}`;
    }
    const key = `${pointer}|${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ code, file, pointer, message });
  }
  return out;
}
