import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AppLoadError, DATABASE_SETTINGS, loadApp, type App, type Problem } from '@jitkit/core';
import { isDiagnosable, type Diagnosis } from '@jitkit/corps';

export const CORP_NAME = /^[A-Z][A-Za-z0-9]{0,63}$/;

export interface CreatedCorp {
  fullName: string;
  files: string[];
  diagnosis: Diagnosis[];
}

/**
 * Writes `corps/<Name>/e.json` and `<Name>.json` into the app, all or nothing: both files are
 * written into a hidden folder that is renamed into place, then the app is loaded as jitkit
 * would load it. A problem in the new files removes the folder again and is returned (with its
 * JSON pointer, for the form); otherwise `jitkit doctor`'s checks run on the new corp.
 */
export async function createCorp(
  app: App,
  input: { name: string; title: string; type: string; config: Record<string, unknown> },
  env: Readonly<Record<string, string | undefined>>,
): Promise<{ created: CreatedCorp } | { problems: Problem[] }> {
  const corpsDir = path.join(app.dir, 'corps');
  const dir = path.join(corpsDir, input.name);
  if (
    await stat(dir).then(
      () => true,
      () => false,
    )
  )
    return {
      problems: [{ code: 'CONFIG_INVALID', file: dir, pointer: '/name', message: `corps/${input.name} already exists in the app` }],
    };
  const staging = path.join(corpsDir, `.new-${input.name}-${randomBytes(4).toString('hex')}`);
  await mkdir(staging, { recursive: true });
  const files = [path.join(dir, 'e.json'), path.join(dir, `${input.name}.json`)];
  try {
    await writeFile(path.join(staging, 'e.json'), `${JSON.stringify({ title: input.title, type: input.type }, null, 2)}\n`);
    await writeFile(path.join(staging, `${input.name}.json`), `${JSON.stringify(input.config, null, 2)}\n`);
    await rename(staging, dir);
  } catch (err) {
    await rm(staging, { recursive: true, force: true });
    throw err;
  }
  let loaded: App | undefined;
  try {
    loaded = await loadApp(app.dir, { env, database: app.resolve(DATABASE_SETTINGS) });
  } catch (err) {
    const problems = err instanceof AppLoadError ? err.problems.filter((p) => p.file.startsWith(dir + path.sep)) : [];
    if (problems.length > 0 || !(err instanceof AppLoadError)) {
      await rm(dir, { recursive: true, force: true });
      if (!(err instanceof AppLoadError)) throw err;
      return { problems };
    }
    // Problems elsewhere in the app (not this corp's): the corp itself is fine.
  }
  const fullName = `corps.${input.name}`;
  let diagnosis: Diagnosis[] = [];
  try {
    const corp = loaded?.getElement(fullName);
    diagnosis = isDiagnosable(corp)
      ? await corp.diagnose({})
      : [{ area: 'config', status: 'ok', message: `${input.type} has no doctor checks; the config loads` }];
  } catch (err) {
    diagnosis = [{ area: 'doctor', status: 'fail', message: err instanceof Error ? err.message : String(err) }];
  } finally {
    await loaded?.close();
  }
  return { created: { fullName, files, diagnosis } };
}
