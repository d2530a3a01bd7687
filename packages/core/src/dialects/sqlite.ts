import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Dialect } from './dialect.js';
import { errorCode, errorMessage } from './dialect.js';

interface SqliteConnection {
  configure(option: 'busyTimeout', ms: number): void;
  exec(sql: string, cb: (err: Error | null) => void): void;
}

/**
 * SQLite through node-sqlite3: one connection, WAL (readers never wait for the writer), a busy
 * timeout (two processes sharing a file wait instead of failing) and foreign keys.
 */
export const sqlite: Dialect = {
  name: 'sqlite',
  schemes: ['sqlite:', 'sqlite3:'],
  knexClients: ['sqlite3', 'sqlite', 'better-sqlite3'],
  parse(value, baseDir) {
    const file = /^sqlite3?:(?:\/\/)?(.+)$/.exec(value)?.[1];
    if (!file) throw new Error('a SQLite URL names a file: sqlite:FILE');
    const filename = path.resolve(baseDir, file);
    return { client: 'sqlite', filename, label: `sqlite:${filename}` };
  },
  connect(settings, knex, log) {
    const filename = settings.filename!;
    mkdirSync(path.dirname(filename), { recursive: true });
    return knex({
      client: 'sqlite3',
      log,
      connection: { filename },
      useNullAsDefault: true,
      pool: {
        min: 1,
        max: 1,
        afterCreate(conn: SqliteConnection, done: (err: Error | null, conn: unknown) => void) {
          conn.configure('busyTimeout', 30_000);
          // A 16 MB page cache (the default is 2 MB). A sync's large write raises it for its
          // transaction (corps' driver-write.ts): reads gain nothing from more, and a process that
          // reads a million members' rows would hold all of it.
          conn.exec(
            'PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA cache_size = -16384;',
            (err) => done(err, conn),
          );
        },
      },
    });
  },
  quote: (id) => `"${id.replace(/"/g, '""')}"`,
  upsertClause: (keys, update) =>
    ` ON CONFLICT (${keys.map(sqlite.quote).join(',')}) DO UPDATE SET ${update.map((c) => `${sqlite.quote(c)}=excluded.${sqlite.quote(c)}`).join(',')}`,
  isUniqueViolation: (err) => typeof errorCode(err) === 'string' && (errorCode(err) as string).startsWith('SQLITE_CONSTRAINT'),
  isMigrationRace: (err) => /already exists|already locked|UNIQUE constraint|SQLITE_BUSY/i.test(errorMessage(err)),
  maxParams: 32_766,
  // Without sqlite_stat1 it plans from the indexes alone, which suits the pool's lookups; once
  // created, those statistics would only go stale as the pool changes.
  analyzeStatement: () => undefined,
};
