import path from 'node:path';
import { createStrictAjv, ajvProblems } from '../ajv.js';
import type { JitError, Problem } from '../errors.js';
import { readJsonFile } from '../json-file.js';
import type { AppNode } from '../app/app-graph.js';
import { discoverElements } from '../app/discovery.js';
import { elementSchema, type AccessModifier } from './define.js';
import { isRelativeEntry, resolveModuleFile } from './module-file.js';

/** One app's own definition of an element, before overrides are merged. */
export interface RawDefine {
  fullName: string;
  appId: string;
  dir: string;
  file: string;
  data: Record<string, unknown>;
  /** Resolved backendBundleEntry, when this define names one. */
  modulePath?: string;
  accessModifier: AccessModifier;
}

const validateElement = createStrictAjv().compile(elementSchema);

async function readOne(
  app: AppNode,
  found: { fullName: string; dir: string; file: string },
  problems: Problem[],
): Promise<RawDefine | undefined> {
  const { fullName, dir, file } = found;
  if (fullName === '') {
    problems.push({
      code: 'ELEMENT_INVALID',
      file,
      pointer: '',
      message: 'an e.json at the app root has no fullName; put the element in a folder',
    });
    return undefined;
  }
  let data: unknown;
  try {
    data = readJsonFile(file);
  } catch (err) {
    problems.push({ code: 'ELEMENT_INVALID', file, pointer: '', message: (err as JitError).message.replace(`${file}: `, '') });
    return undefined;
  }
  if (!validateElement(data)) {
    problems.push(...ajvProblems(validateElement.errors, file, 'ELEMENT_INVALID'));
    return undefined;
  }
  const e = data as unknown as Record<string, unknown>;
  // Paths are made absolute here, so they stay right when an override inherits them.
  if (typeof e.configSchema === 'string') e.configSchema = path.resolve(dir, e.configSchema);
  const raw: RawDefine = {
    fullName,
    appId: app.appId,
    dir,
    file,
    data: e,
    accessModifier: (e.accessModifier as AccessModifier) ?? 'public',
  };
  const entry = e.backendBundleEntry as string | undefined;
  if (entry !== undefined) {
    if (!isRelativeEntry(entry)) {
      problems.push({
        code: 'MODULE_INVALID',
        file,
        pointer: '/backendBundleEntry',
        message: `'${entry}' must be a path relative to the element folder ("." or "./index.ts"); to use a package's class, re-export it from a local file`,
      });
      return undefined;
    }
    const { file: modulePath, tried } = resolveModuleFile(dir, entry);
    if (!modulePath) {
      problems.push({
        code: 'MODULE_INVALID',
        file,
        pointer: '/backendBundleEntry',
        message: `module '${entry}' not found (looked for ${tried.slice(0, 3).join(', ')}, …)`,
      });
      return undefined;
    }
    raw.modulePath = modulePath;
  }
  return raw;
}

/** Discovers and reads every element of one app; every bad file becomes a problem. */
export async function readAppDefines(app: AppNode, problems: Problem[]): Promise<RawDefine[]> {
  const found = await discoverElements(app.dir);
  const seen = new Map<string, string>();
  const dupes = new Set<string>();
  for (const f of found) {
    const other = seen.get(f.fullName);
    if (other !== undefined && f.fullName !== '') {
      problems.push({
        code: 'ELEMENT_DUPLICATE',
        file: f.file,
        pointer: '',
        message: `fullName '${f.fullName}' is already defined in this app by ${other}`,
      });
      dupes.add(f.fullName);
    }
    seen.set(f.fullName, f.file);
  }
  const defines = await Promise.all(found.filter((f) => !dupes.has(f.fullName)).map((f) => readOne(app, f, problems)));
  return defines.filter((d): d is RawDefine => d !== undefined);
}
