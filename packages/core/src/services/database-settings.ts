import path from 'node:path';
import { JitError } from '../errors.js';

export type DatabaseClient = 'sqlite' | 'postgres' | 'mysql';

/** Where an app keeps its data. `url` may hold a password: print `label`, never `url`. */
export interface DatabaseSettings {
  client: DatabaseClient;
  /** SQLite: absolute path of the database file. */
  filename?: string;
  /** PostgreSQL / MySQL: connection URL. */
  url?: string;
  /** A printable description without credentials. */
  label: string;
  /** Which setting it came from (--database, JITKIT_DATABASE_URL, app.json, the default): errors name it. */
  source?: string;
}

export const DEFAULT_SQLITE_FILE = '.jitkit/jitkit.sqlite';

function withoutCredentials(url: URL, scheme: string): string {
  return `${scheme}://${url.host}${url.pathname}`;
}

/**
 * Accepted forms: `sqlite:relative/or/absolute.db` (relative to the app folder),
 * `postgres://user@host:port/db`, `mysql://user@host:port/db` (also `postgresql:`, `mariadb:`).
 */
export function parseDatabaseUrl(value: string, baseDir: string, source?: string): DatabaseSettings {
  const from = source ? { source } : {};
  const sqlite = /^sqlite3?:(?:\/\/)?(.+)$/.exec(value);
  if (sqlite) {
    const filename = path.resolve(baseDir, sqlite[1]!);
    return { client: 'sqlite', filename, label: `sqlite:${filename}`, ...from };
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new JitError('DATABASE_INVALID', `database setting is not a URL: expected sqlite:FILE, postgres://… or mysql://…`);
  }
  switch (url.protocol) {
    case 'postgres:':
    case 'postgresql:':
      return { client: 'postgres', url: value, label: withoutCredentials(url, 'postgres'), ...from };
    case 'mysql:':
    case 'mariadb:':
      return { client: 'mysql', url: value.replace(/^mariadb:/, 'mysql:'), label: withoutCredentials(url, 'mysql'), ...from };
    default:
      throw new JitError('DATABASE_INVALID', `database URL scheme '${url.protocol}' is not supported: use sqlite:, postgres:// or mysql://`);
  }
}
