/** `{{path}}` placeholders of a mapping template; a path is dotted (`extattr.工号`). */
const PLACEHOLDER = /\{\{\s*([^{}]+?)\s*\}\}/g;

export type TemplatePart = { text: string } | { path: string[] };

/** A template string (`"{{name}} ({{english_name}})"`) or a bare path (`"extattr.工号"`) as parts. */
export function parseTemplate(source: string): TemplatePart[] {
  if (!source.includes('{{')) return [{ path: source.trim().split('.') }];
  const parts: TemplatePart[] = [];
  let at = 0;
  for (const m of source.matchAll(PLACEHOLDER)) {
    if (m.index > at) parts.push({ text: source.slice(at, m.index) });
    parts.push({ path: m[1]!.split('.') });
    at = m.index + m[0].length;
  }
  if (at < source.length) parts.push({ text: source.slice(at) });
  return parts;
}

export function pathsOf(parts: TemplatePart[]): string[][] {
  return parts.flatMap((p) => ('path' in p ? [p.path] : []));
}

function valueAt(record: Record<string, unknown>, path: string[]): string {
  let v: unknown = record;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return '';
    v = (v as Record<string, unknown>)[key];
  }
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.map(String).join(',');
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/**
 * Renders a template against an upstream record. It yields nothing (undefined) when any of its
 * fields is empty, so `"{{name}} ({{english_name}})"` never reads "张伟 ()": the rule's default
 * applies instead.
 */
export function renderTemplate(parts: TemplatePart[], record: Record<string, unknown>): string | undefined {
  let out = '';
  for (const p of parts) {
    if ('text' in p) {
      out += p.text;
      continue;
    }
    const v = valueAt(record, p.path);
    if (v === '') return undefined;
    out += v;
  }
  return out;
}
