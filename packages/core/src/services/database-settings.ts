import { dialectForUrl } from '../dialects/index.js';
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

/**
 * Accepted forms: `sqlite:relative/or/absolute.db` (relative to `baseDir`),
 * `postgres://user@host:port/db`, `mysql://user@host:port/db` (also `postgresql:`, `mariadb:`):
 * whatever the dialect registry (../dialects) lists.
 */
export function parseDatabaseUrl(value: string, baseDir: string, source?: string): DatabaseSettings {
  const dialect = dialectForUrl(value);
  let settings: DatabaseSettings;
  try {
    settings = dialect.parse(value, baseDir);
  } catch (err) {
    throw new JitError('DATABASE_INVALID', `database setting is not a valid ${dialect.name} URL: ${(err as Error).message}`);
  }
  return source ? { ...settings, source } : settings;
}
