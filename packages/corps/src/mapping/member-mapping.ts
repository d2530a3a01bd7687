import type { ConfigIssue } from '@jitkit/core';
import { LOCAL_FIELD_COLUMNS, type LocalField } from '../pool/local-fields.js';
import type { UpstreamMember } from '../sync/upstream.js';
import { parseTemplate, pathsOf, renderTemplate, type TemplatePart } from './template.js';

/** The fields of a Type's upstream member record that a config mapping may read. */
export interface MappingSourceSpec {
  /** Who the records come from, for messages: "WeCom", "DingTalk". */
  upstream: string;
  /** Top-level fields, e.g. WeCom's `userid`, `name`, `english_name`. */
  fields: readonly string[];
  /** Fields whose keys are the corp's own (custom attributes): `extattr.工号` is valid for any name. */
  open?: readonly string[];
}

/** One `mapping` entry: `"{{name}} ({{english_name}})"`, `"extattr.工号"`, or `{ "from": …, "default": … }`. */
export type MappingRuleConfig = string | { from: string; default?: string };

/** Pool fields by the name a mapping uses; `displayName` is the pool's `name`. */
const TARGET_FIELDS: Record<string, LocalField> = {
  displayName: 'name',
  ...Object.fromEntries(Object.keys(LOCAL_FIELD_COLUMNS).map((k) => [k, k])),
};
const ATTRIBUTE = /^attributes\.([^.\s]+)$/;

interface Rule {
  target: { field: LocalField } | { attribute: string };
  from: TemplatePart[];
  fallback?: TemplatePart[];
}

export interface MemberMapping {
  /** The mapped member: every rule that yields a value replaces the field (or sets the attribute). */
  apply(member: UpstreamMember, source: Record<string, unknown>): UpstreamMember;
}

function pointerOf(key: string): string {
  return `/mapping/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

/**
 * Compiles a corp's `mapping` config. Every problem is returned as an issue naming the config
 * entry and the field (an unknown target, an unknown source field), so the app does not load
 * with a mapping that would silently yield nothing.
 */
export function compileMemberMapping(
  config: Readonly<Record<string, MappingRuleConfig>> | undefined,
  spec: MappingSourceSpec | undefined,
  typeName: string,
): { mapping?: MemberMapping; issues: ConfigIssue[] } {
  if (!config || Object.keys(config).length === 0) return { issues: [] };
  if (!spec) return { issues: [{ pointer: '/mapping', message: `${typeName} does not support a field mapping in config` }] };
  const issues: ConfigIssue[] = [];
  const rules: Rule[] = [];
  const known = new Set(spec.fields);
  const open = new Set(spec.open ?? []);
  const checkPaths = (parts: TemplatePart[], pointer: string) => {
    for (const path of pathsOf(parts)) {
      const [head, ...rest] = path;
      const ok = open.has(head!) ? rest.length === 1 && rest[0] !== '' : known.has(head!) && rest.length === 0;
      if (!ok)
        issues.push({
          pointer,
          message: open.has(head!)
            ? `source field ${path.join('.')}: name one of its keys, e.g. ${head}.<name>`
            : `unknown source field ${path.join('.')}: ${spec.upstream} members have ${[...known].join(', ')}${open.size ? `, and ${[...open].map((o) => `${o}.<name>`).join(', ')}` : ''}`,
        });
    }
  };
  for (const [key, value] of Object.entries(config)) {
    const pointer = pointerOf(key);
    const attribute = ATTRIBUTE.exec(key)?.[1];
    const field = TARGET_FIELDS[key];
    if (!field && !attribute) {
      issues.push({
        pointer,
        message: `unknown target ${key}: map to ${Object.keys(TARGET_FIELDS).join(', ')}, or attributes.<name>`,
      });
      continue;
    }
    const rule = typeof value === 'string' ? { from: value } : value;
    const from = parseTemplate(rule.from);
    checkPaths(from, typeof value === 'string' ? pointer : `${pointer}/from`);
    let fallback: TemplatePart[] | undefined;
    if (rule.default !== undefined) {
      fallback = rule.default.includes('{{') ? parseTemplate(rule.default) : [{ text: rule.default }];
      checkPaths(fallback, `${pointer}/default`);
    }
    rules.push({ target: field ? { field } : { attribute: attribute! }, from, ...(fallback ? { fallback } : {}) });
  }
  if (issues.length > 0) return { issues };
  return {
    issues,
    mapping: {
      apply(member, source) {
        const out: UpstreamMember = { ...member };
        let attributes: Record<string, string> | undefined;
        for (const rule of rules) {
          const value = renderTemplate(rule.from, source) ?? (rule.fallback ? renderTemplate(rule.fallback, source) : undefined);
          // Nothing from upstream and no default: the field keeps what the Type's own mapping gave it.
          if (value === undefined) continue;
          if ('field' in rule.target) (out as unknown as Record<string, unknown>)[rule.target.field] = value;
          else (attributes ??= { ...out.attributes })[rule.target.attribute] = value;
        }
        if (attributes) out.attributes = attributes;
        return out;
      },
    },
  };
}
