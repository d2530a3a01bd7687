import path from 'node:path';
import { createStrictAjv, ajvProblems } from '../ajv.js';
import type { JitError } from '../errors.js';
import { type Problem } from '../errors.js';
import { readJsonFile } from '../json-file.js';

export interface AppManifest {
  appId: string;
  title: string;
  /** Parent apps: package names or folders relative to this app. */
  extends: string[];
  /** Optional database URL for this app (may use {{VAR}}). */
  database?: string;
}

const manifestSchema = {
  type: 'object',
  required: ['appId', 'title'],
  properties: {
    appId: { type: 'string', minLength: 1, maxLength: 200 },
    title: { type: 'string', minLength: 1 },
    description: { type: 'string' },
    version: { type: 'string' },
    extends: { type: 'array', items: { type: 'string', minLength: 1 } },
    database: { type: 'string', minLength: 1 },
  },
  additionalProperties: false,
} as const;

const validate = createStrictAjv().compile(manifestSchema);

export const MANIFEST_FILE = 'app.json';

/** Reads and checks `<dir>/app.json`; problems are returned, not thrown. */
export async function readManifest(dir: string): Promise<{ manifest?: AppManifest; problems: Problem[] }> {
  const file = path.join(dir, MANIFEST_FILE);
  let data: unknown;
  try {
    data = readJsonFile(file);
  } catch (err) {
    const e = err as JitError;
    return {
      problems: [
        {
          code: e.code === 'NOT_FOUND' ? 'APP_NOT_FOUND' : 'APP_INVALID',
          file,
          pointer: '',
          message: e.code === 'NOT_FOUND' ? 'no app.json in this folder' : e.message.replace(`${file}: `, ''),
        },
      ],
    };
  }
  if (!validate(data)) return { problems: ajvProblems(validate.errors, file, 'APP_INVALID') };
  const m = data as Omit<AppManifest, 'extends'> & { extends?: string[] };
  return { manifest: { ...m, extends: m.extends ?? [] }, problems: [] };
}
