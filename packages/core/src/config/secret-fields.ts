import { Secret } from '../secret.js';

type SchemaNode = { writeOnly?: boolean; properties?: Record<string, SchemaNode>; items?: SchemaNode };

/**
 * Wraps every string the schema marks `writeOnly` (JSON Schema's "may be written, never read
 * back") in a Secret, so the value cannot be printed by accident.
 */
export function wrapSecretFields(value: unknown, schema: SchemaNode | undefined): unknown {
  if (!schema) return value;
  if (schema.writeOnly && typeof value === 'string') return new Secret(value);
  if (Array.isArray(value) && schema.items) return value.map((v) => wrapSecretFields(v, schema.items));
  if (value !== null && typeof value === 'object' && schema.properties) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = wrapSecretFields(v, schema.properties[k]);
    return out;
  }
  return value;
}

export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !(value instanceof Secret) && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
