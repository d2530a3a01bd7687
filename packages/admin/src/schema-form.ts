/** A corp config form generated from a Type's config schema: the simple fields, one level of groups. */

interface SchemaNode {
  type?: string | string[];
  description?: string;
  writeOnly?: boolean;
  enum?: unknown[];
  properties?: Record<string, SchemaNode>;
  required?: string[];
  minimum?: number;
  maximum?: number;
}

export interface FormField {
  /** Dotted path in the config: `corpId`, `sync.guardShare`. */
  key: string;
  kind: 'text' | 'integer' | 'number' | 'boolean' | 'secret' | 'choice';
  required: boolean;
  description?: string;
  choices?: string[];
}

const typesOf = (n: SchemaNode) => (Array.isArray(n.type) ? n.type : n.type ? [n.type] : []);

function fieldOf(key: string, node: SchemaNode, required: boolean): FormField | undefined {
  const types = typesOf(node);
  const base = { key, required, ...(node.description ? { description: node.description } : {}) };
  if (node.writeOnly) return { ...base, kind: 'secret' };
  if (node.enum) return { ...base, kind: 'choice', choices: node.enum.map(String) };
  if (types.includes('string')) return { ...base, kind: 'text' };
  if (types.includes('integer')) return { ...base, kind: 'integer' };
  if (types.includes('number')) return { ...base, kind: 'number' };
  if (types.includes('boolean')) return { ...base, kind: 'boolean' };
  return undefined; // arrays and free-form objects (mapping, webhooks, scope) are edited in the config file
}

export function formFields(schema: SchemaNode): FormField[] {
  const out: FormField[] = [];
  const required = new Set(schema.required ?? []);
  for (const [key, node] of Object.entries(schema.properties ?? {})) {
    if (typesOf(node).includes('object') && node.properties) {
      const inner = new Set(node.required ?? []);
      for (const [k, n] of Object.entries(node.properties)) {
        const f = fieldOf(`${key}.${k}`, n, required.has(key) && inner.has(k));
        if (f) out.push(f);
      }
      continue;
    }
    const f = fieldOf(key, node, required.has(key));
    if (f) out.push(f);
  }
  return out;
}

/** The environment variable a secret field defaults to: ACME_CORP_SECRET for AcmeCorp's secret. */
export function defaultEnvName(corpName: string, key: string): string {
  const snake = (s: string) =>
    s
      .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
      .replace(/[^A-Za-z0-9]+/g, '_')
      .toUpperCase();
  return `${snake(corpName)}_${snake(key)}`;
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The config a filled form describes, or a message per field. Secrets become `{{VAR}}`
 * references (the value itself is never asked for, so it can never reach the app folder).
 */
export function configFromForm(
  fields: FormField[],
  form: Record<string, string | undefined>,
): { config: Record<string, unknown>; errors: Record<string, string> } {
  const config: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  const set = (key: string, value: unknown) => {
    const [head, tail] = key.split('.', 2) as [string, string | undefined];
    if (!tail) config[head] = value;
    else ((config[head] ??= {}) as Record<string, unknown>)[tail] = value;
  };
  for (const f of fields) {
    const raw = (form[f.key] ?? '').trim();
    if (raw === '') {
      if (f.required) errors[f.key] = f.kind === 'secret' ? 'name the environment variable that holds it' : 'is required';
      continue;
    }
    switch (f.kind) {
      case 'secret':
        if (!ENV_NAME.test(raw)) errors[f.key] = 'an environment variable name: letters, digits and _, e.g. ACME_SECRET';
        else set(f.key, `{{${raw}}}`);
        break;
      case 'integer':
      case 'number': {
        const n = Number(raw);
        if (!Number.isFinite(n) || (f.kind === 'integer' && !Number.isInteger(n)))
          errors[f.key] = `must be ${f.kind === 'integer' ? 'a whole number' : 'a number'}`;
        else set(f.key, n);
        break;
      }
      case 'boolean':
        if (raw !== 'true' && raw !== 'false') errors[f.key] = 'must be true or false';
        else set(f.key, raw === 'true');
        break;
      case 'choice':
        if (!f.choices!.includes(raw)) errors[f.key] = `must be one of ${f.choices!.join(', ')}`;
        else set(f.key, raw);
        break;
      default:
        set(f.key, raw);
    }
  }
  return { config, errors };
}

/** `/sync/guardShare` → `sync.guardShare`: where a load problem belongs in the form. */
export function fieldOfPointer(pointer: string): string {
  return pointer
    .split('/')
    .slice(1, 3)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
}
