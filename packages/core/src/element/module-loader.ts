import { pathToFileURL } from 'node:url';

let tsLoaderReady: Promise<void> | undefined;

/**
 * App-local element code may be TypeScript with no build step: the first time a .ts module is
 * needed, tsx's ESM hooks are registered for this process. Under vitest the test runner already
 * compiles TypeScript (and must keep one module graph), so nothing is registered there.
 */
function ensureTypeScriptLoader(): Promise<void> {
  if (process.env.VITEST) return Promise.resolve();
  // tsconfig: false: element imports resolve the way node resolves them, whatever folder the
  // command runs in (tsx would otherwise apply the `paths` of the tsconfig in the cwd).
  tsLoaderReady ??= import('tsx/esm/api').then(({ register }) => {
    register({ tsconfig: false });
  });
  return tsLoaderReady;
}

export async function importModule(file: string): Promise<Record<string, unknown>> {
  if (/\.[mc]?ts$/.test(file)) await ensureTypeScriptLoader();
  return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
}
