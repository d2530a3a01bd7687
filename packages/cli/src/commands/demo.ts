import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { importAppModule, JitError, loadApp } from '@jitkit/core';
import { databaseOption } from '../load.js';
import { describeError, out, reportLines } from '../output.js';
import { progressReporter } from '../progress.js';
import { buildTree, treeLines } from './corp-tree.js';

export interface DemoOptions {
  users?: string;
  depts?: string;
  seed?: string;
  database?: string;
}

/** What `jitkit demo` gives an app's demo module: its options and the CLI's own printing. */
export interface DemoContext {
  appDir: string;
  options: DemoOptions;
  out: typeof out;
  reportLines: typeof reportLines;
  buildTree: typeof buildTree;
  treeLines: typeof treeLines;
  describeError: typeof describeError;
  progressReporter: typeof progressReporter;
  /** A --database value as the other commands read it (URL, or a SQLite path). */
  databaseOption: typeof databaseOption;
  /** How to run jitkit again from the current folder, for hints: the repository's script, else this binary. */
  jitkitCommand: string;
}

function jitkitHere(): string {
  try {
    const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts?: Record<string, string> }).scripts;
    if (scripts?.jitkit) return 'pnpm -s jitkit';
  } catch {
    // no package.json here
  }
  return `node ${path.relative(process.cwd(), process.argv[1]!) || process.argv[1]}`;
}

const DEMO_FILES = ['demo.ts', 'demo.mts', 'demo.mjs', 'demo.js'];

/**
 * `jitkit demo [app]`: runs the app's own demo (`demo.ts` in the app folder, exporting a default
 * function of a DemoContext). The CLI knows no vendor: which emulators to start and what to
 * show is the app's.
 */
export async function demoCommand(appDir: string, options: DemoOptions): Promise<number> {
  // No such app: the loader's own error (APP_NOT_FOUND, naming the folder), as every command gives.
  if (!existsSync(appDir)) await loadApp(appDir);
  const file = DEMO_FILES.map((f) => path.resolve(appDir, f)).find((f) => existsSync(f));
  if (!file)
    throw new JitError(
      'INVALID_ARGUMENT',
      `${appDir} has no demo: add ${DEMO_FILES[0]} exporting a default function (see apps/demo/demo.ts)`,
    );
  const run = (await importAppModule(file)).default;
  if (typeof run !== 'function') throw new Error(`${file}: its default export is not a function`);
  return (run as (ctx: DemoContext) => Promise<number>)({
    appDir,
    options,
    out,
    reportLines,
    buildTree,
    treeLines,
    describeError,
    progressReporter,
    databaseOption,
    jitkitCommand: jitkitHere(),
  });
}
