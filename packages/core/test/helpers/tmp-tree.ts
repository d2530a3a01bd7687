import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const fixturesDir = fileURLToPath(new URL('../fixtures/', import.meta.url));

const made: string[] = [];

/** A fresh folder under the OS temp dir, removed by `removeTmpDirs`. */
export async function makeTmpDir(prefix = 'jitkit-core-'): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export async function removeTmpDirs(): Promise<void> {
  await Promise.all(made.splice(0).map((d) => rm(d, { recursive: true, force: true })));
}

/** Writes files (objects as JSON) below `root`, creating folders as needed. */
export async function writeTree(root: string, files: Record<string, string | object>): Promise<void> {
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(root, rel);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  }
}

/** Copies the toy family into a temp folder so a test can break one file of it. */
export async function copyToyApps(): Promise<{ root: string; base: string; child: string }> {
  const root = await makeTmpDir();
  await cp(path.join(fixturesDir, 'toy-base'), path.join(root, 'toy-base'), { recursive: true });
  await cp(path.join(fixturesDir, 'toy-child'), path.join(root, 'toy-child'), { recursive: true });
  return { root, base: path.join(root, 'toy-base'), child: path.join(root, 'toy-child') };
}

export const toyEnv = { SQUARE_SIDE: '7', SHAPES_API_KEY: 'shape-api-key-0123456789' };
