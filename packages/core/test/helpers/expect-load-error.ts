import { expect } from 'vitest';
import { AppLoadError, loadApp, type LoadAppOptions, type Problem } from '@jitkit/core';

/** Loads an app that must fail and returns its problems (after checking the error's shape). */
export async function loadProblems(dir: string, options: LoadAppOptions = {}): Promise<Problem[]> {
  const err = await loadApp(dir, options).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, 'loadApp should have failed').toBeInstanceOf(AppLoadError);
  const e = err as AppLoadError;
  for (const p of e.problems) expect(e.message).toContain(p.message);
  return [...e.problems];
}
