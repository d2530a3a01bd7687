import { existsSync } from 'node:fs';
import path from 'node:path';
import { JitError, loadApp, parseDatabaseUrl, type App } from '@jitkit/core';
import type { Corp } from '@jitkit/corps';

export interface AppOptions {
  database?: string;
}

/**
 * The database a command was given (--database, else JITKIT_DATABASE_URL), as every CLI reads a
 * path: a relative SQLite file is relative to the current directory, and its folder must exist
 * (a typo must not silently create an empty database). A bad URL blames the flag or variable.
 */
export function databaseOption(flag: string | undefined): string | undefined {
  const [value, name] = flag !== undefined ? [flag, '--database'] : [process.env.JITKIT_DATABASE_URL, 'JITKIT_DATABASE_URL'];
  if (value === undefined || value === '') return undefined;
  let settings;
  try {
    settings = parseDatabaseUrl(value, process.cwd());
  } catch (err) {
    throw new JitError('DATABASE_INVALID', `${name} "${value}": ${(err as Error).message}`, { setting: name });
  }
  if (settings.client !== 'sqlite') return value;
  const dir = path.dirname(settings.filename!);
  if (!existsSync(dir))
    throw new JitError(
      'DATABASE_INVALID',
      `${name} "${value}": the folder ${dir} does not exist; create it, or fix the path (relative paths are relative to the current directory)`,
      { setting: name },
    );
  return `sqlite:${settings.filename}`;
}

/** Loads an app for a command: env from the process, the database from --database or env. */
export function openApp(dir: string, options: AppOptions = {}): Promise<App> {
  const database = databaseOption(options.database);
  return loadApp(dir, { env: process.env, ...(database ? { database } : {}) });
}

/** `corps.MyQywxCorp` or just `MyQywxCorp`. */
export function corpName(name: string): string {
  return name.includes('.') ? name : `corps.${name}`;
}

export function getCorp(app: App, name: string): Corp {
  return app.getElement<Corp>(corpName(name));
}
