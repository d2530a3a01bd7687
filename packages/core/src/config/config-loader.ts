import path from 'node:path';
import type { Ajv, ValidateFunction } from 'ajv';
import { ajvProblems } from '../ajv.js';
import type { JitError, Problem } from '../errors.js';
import { readJsonFile } from '../json-file.js';
import type { ElementDefine } from '../element/define.js';
import { fillTemplates } from './template.js';
import { deepFreeze, envTemplatesAt, isWriteOnlyAt, UnsetSecret, wrapSecretFields } from './secret-fields.js';

export type ElementConfig = Readonly<Record<string, unknown>>;

/** Where an instance's config schema comes from: the nearest define in its chain declaring one. */
export interface SchemaSource {
  owner: ElementDefine;
  /** The schema file, or the owner's e.json for an inline schema. */
  file: string;
  pointer: string;
  schema: Record<string, unknown>;
}

export function configFileOf(define: ElementDefine): string {
  const name = define.fullName.slice(define.fullName.lastIndexOf('.') + 1);
  return path.join(define.dir, `${name}.json`);
}

/** Loads and compiles config schemas once per owner, however many instances use them. */
export class ConfigSchemas {
  private readonly compiled = new Map<string, { source: SchemaSource; validate: ValidateFunction } | { problems: Problem[] }>();

  constructor(private readonly ajv: Ajv) {}

  async get(owner: ElementDefine): Promise<{ source: SchemaSource; validate: ValidateFunction } | { problems: Problem[] }> {
    const cached = this.compiled.get(owner.fullName);
    if (cached) return cached;
    const result = await this.compile(owner);
    this.compiled.set(owner.fullName, result);
    return result;
  }

  private async compile(owner: ElementDefine): Promise<{ source: SchemaSource; validate: ValidateFunction } | { problems: Problem[] }> {
    const decl = owner.raw.configSchema as string | Record<string, unknown>;
    let source: SchemaSource;
    if (typeof decl === 'string') {
      const file = path.resolve(owner.dir, decl);
      try {
        source = { owner, file, pointer: '', schema: readJsonFile(file) as Record<string, unknown> };
      } catch (err) {
        return { problems: [{ code: 'ELEMENT_INVALID', file: owner.file, pointer: '/configSchema', message: (err as JitError).message }] };
      }
    } else {
      source = { owner, file: owner.file, pointer: '/configSchema', schema: decl };
    }
    try {
      return { source, validate: this.ajv.compile(source.schema) };
    } catch (err) {
      return {
        problems: [
          {
            code: 'ELEMENT_INVALID',
            file: source.file,
            pointer: source.pointer,
            message: `config schema does not compile: ${(err as Error).message}`,
          },
        ],
      };
    }
  }
}

/**
 * Reads `<Name>.json` beside an instance's e.json, fills {{VAR}} from env, validates it with
 * its Type's schema and wraps writeOnly fields as Secrets. Problems are collected, not thrown.
 */
export async function loadInstanceConfig(
  define: ElementDefine,
  schemaOwner: ElementDefine | undefined,
  schemas: ConfigSchemas,
  env: Readonly<Record<string, string | undefined>>,
  problems: Problem[],
): Promise<ElementConfig | undefined> {
  const file = configFileOf(define);
  const compiled = schemaOwner ? await schemas.get(schemaOwner) : undefined;
  if (compiled && 'problems' in compiled) {
    problems.push(...compiled.problems);
    return undefined;
  }
  let data: unknown;
  try {
    data = readJsonFile(file);
  } catch (err) {
    if ((err as JitError).code === 'NOT_FOUND') {
      if (!compiled) return deepFreeze({});
      problems.push({
        code: 'CONFIG_INVALID',
        file,
        pointer: '',
        message: `missing: ${define.fullName} is a ${schemaOwner!.fullName} instance, which needs this config file`,
      });
      return undefined;
    }
    problems.push({ code: 'CONFIG_INVALID', file, pointer: '', message: (err as JitError).message.replace(`${file}: `, '') });
    return undefined;
  }
  const schema = compiled?.source.schema;
  const filled = fillTemplates(data, env, (pointer) => !envTemplatesAt(schema, pointer));
  // A secret's variable is needed only when the secret is used: it becomes an UnsetSecret.
  const unset = new Map<string, UnsetSecret>();
  for (const m of filled.missing) {
    if (!isWriteOnlyAt(schema, m.pointer)) continue;
    const names = filled.missing.filter((x) => x.pointer === m.pointer).map((x) => x.name);
    unset.set(m.pointer, new UnsetSecret(names, `${define.fullName}: ${file}#${m.pointer}`));
  }
  const blocking = filled.missing.filter((m) => !unset.has(m.pointer));
  if (blocking.length > 0) {
    for (const m of blocking)
      problems.push({ code: 'ENV_MISSING', file, pointer: m.pointer, message: `environment variable ${m.name} is not set` });
    return undefined;
  }
  if (!compiled) return deepFreeze(filled.value as ElementConfig);
  if (!compiled.validate(filled.value) && compiled.validate.errors?.some((e) => !unset.has(e.instancePath))) {
    const found = ajvProblems(
      compiled.validate.errors?.filter((e) => !unset.has(e.instancePath)),
      file,
      'CONFIG_INVALID',
    );
    for (const p of found) p.message += ` (schema of ${compiled.source.owner.fullName})`;
    problems.push(...found);
    return undefined;
  }
  return deepFreeze(wrapSecretFields(filled.value, compiled.source.schema, unset) as ElementConfig);
}
