// {{NAME}}, or {{NAME:-default}} for a value used when NAME is not set.
const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)(?::-(.*?))?\s*\}\}/g;

export interface TemplateResult {
  value: unknown;
  /** Variables that were referenced but not set, with the JSON pointer where each was used. */
  missing: { name: string; pointer: string }[];
}

/**
 * Fills `{{VAR}}` and `{{VAR:-default}}` in every string of a JSON value from env; nothing else is
 * touched. `keep(pointer)` marks subtrees whose `{{…}}` mean something else (a field mapping's
 * templates): they are left as written.
 */
export function fillTemplates(
  value: unknown,
  env: Readonly<Record<string, string | undefined>>,
  keep: (pointer: string) => boolean = () => false,
): TemplateResult {
  const missing: TemplateResult['missing'] = [];
  const walk = (v: unknown, pointer: string): unknown => {
    if (keep(pointer)) return v;
    if (typeof v === 'string') {
      return v.replace(PLACEHOLDER, (whole, name: string, fallback: string | undefined) => {
        const got = env[name] ?? fallback;
        if (got === undefined) {
          missing.push({ name, pointer });
          return whole;
        }
        return got;
      });
    }
    if (Array.isArray(v)) return v.map((item, i) => walk(item, `${pointer}/${i}`));
    if (v !== null && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, item] of Object.entries(v)) out[k] = walk(item, `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`);
      return out;
    }
    return v;
  };
  return { value: walk(value, ''), missing };
}
