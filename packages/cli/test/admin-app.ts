import { cp, mkdir, mkdtemp, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * A copy of apps/demo in a temporary folder (the admin console writes new corps into its app),
 * with its @jitkit packages linked from this checkout as `jitkit new app` does.
 */
export async function demoAppCopy(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'jitkit-admin-app-'));
  await cp(path.join(repo, 'apps/demo'), dir, {
    recursive: true,
    filter: (src) => !src.includes(`${path.sep}node_modules`) && path.basename(src) !== 'tsconfig.json',
  });
  await mkdir(path.join(dir, 'node_modules/@jitkit'), { recursive: true });
  for (const pkg of ['core', 'corps', 'corps-qywx-inner', 'corps-dd-inner', 'wecom', 'wecom-sim', 'dingtalk-sim', 'cli'])
    await symlink(path.join(repo, 'packages', pkg), path.join(dir, 'node_modules/@jitkit', pkg));
  return dir;
}

/** Where browser tests put their screenshots: CI keeps .ci/out. */
export const SCREENSHOTS = process.env.JITKIT_SCREENSHOTS ?? path.join(repo, '.ci/out/screenshots');
