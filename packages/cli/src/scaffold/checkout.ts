import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

/** The folder of an installed package (its package.json), found from its entry point. */
export function packageDir(name: string, from = require): string {
  let dir = path.dirname(from.resolve(name));
  while (!existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`cannot find the folder of ${name}`);
    dir = up;
  }
  return dir;
}

/**
 * The @jitkit packages a new app links to (from this checkout while they are unpublished), and
 * tsx, which runs an app's own TypeScript scripts.
 */
export function linkedPackages(): Record<string, string> {
  const corpsQywx = packageDir('@jitkit/corps-qywx-inner');
  const core = packageDir('@jitkit/core');
  return {
    '@jitkit/core': core,
    '@jitkit/corps': packageDir('@jitkit/corps'),
    '@jitkit/corps-qywx-inner': corpsQywx,
    '@jitkit/wecom': packageDir('@jitkit/wecom'),
    tsx: packageDir('tsx', createRequire(path.join(core, 'package.json'))),
  };
}
