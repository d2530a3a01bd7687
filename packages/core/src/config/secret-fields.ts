import { JitError } from '../errors.js';
import { Secret } from '../secret.js';

type SchemaNode = {
  writeOnly?: boolean;
  'x-jitkit-env'?: boolean;
  properties?: Record<string, SchemaNode>;
  additionalProperties?: SchemaNode | boolean;
  items?: SchemaNode;
};

/**
 * A secret whose `{{VAR}}` was not set when the app loaded. Commands that never use it (listing
 * elements, reading the pool) work; the first use says which variable to set, and where.
 */
export class UnsetSecret extends Secret {
  constructor(
    private readonly names: string[],
    private readonly where: string,
  ) {
    super('');
  }

  override reveal(): string {
    const vars = this.names.join(', ');
    throw new JitError('ENV_MISSING', `environment variable ${vars} is not set; it is needed now (${this.where})`, {
      names: this.names,
      where: this.where,
    });
  }
}

/** Whether the schema marks the field at a JSON pointer `writeOnly` (a secret). */
export function isWriteOnlyAt(schema: SchemaNode | undefined, pointer: string): boolean {
  let node = schema;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    node = node?.properties?.[key] ?? (/^\d+$/.test(key) ? node?.items : undefined);
    if (!node) return false;
  }
  return Boolean(node?.writeOnly);
}

/**
 * Whether `{{NAME}}` at a JSON pointer is an environment variable: not where the schema marks the
 * field or one of its parents `"x-jitkit-env": false` (its templates are the field's own, e.g. a
 * mapping's `{{name}}`).
 */
export function envTemplatesAt(schema: SchemaNode | undefined, pointer: string): boolean {
  let node = schema;
  for (const raw of pointer.split('/').slice(1)) {
    if (!node) return true;
    if (node['x-jitkit-env'] === false) return false;
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const extra = typeof node.additionalProperties === 'object' ? node.additionalProperties : undefined;
    node = node.properties?.[key] ?? (/^\d+$/.test(key) ? node.items : undefined) ?? extra;
  }
  return node?.['x-jitkit-env'] !== false;
}

/**
 * Wraps every string the schema marks `writeOnly` (JSON Schema's "may be written, never read
 * back") in a Secret, so the value cannot be printed by accident.
 */
export function wrapSecretFields(
  value: unknown,
  schema: SchemaNode | undefined,
  unset: ReadonlyMap<string, Secret> = new Map(),
  pointer = '',
): unknown {
  if (!schema) return value;
  if (schema.writeOnly && typeof value === 'string') return unset.get(pointer) ?? new Secret(value);
  if (Array.isArray(value) && schema.items) return value.map((v, i) => wrapSecretFields(v, schema.items, unset, `${pointer}/${i}`));
  if (value !== null && typeof value === 'object' && schema.properties) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value))
      out[k] = wrapSecretFields(v, schema.properties[k], unset, `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`);
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
