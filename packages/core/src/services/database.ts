import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Knex, knex as KnexFactory } from 'knex';
import type { DatabaseSettings } from './database-settings.js';

interface SqliteConnection {
  configure(option: 'busyTimeout', ms: number): void;
  exec(sql: string, cb: (err: Error | null) => void): void;
}

/**
 * Opens the app's database. SQLite gets WAL (readers never wait for the writer), a busy timeout
 * (two processes sharing a file wait instead of failing) and foreign keys.
 */
export function createDatabase(settings: DatabaseSettings): Knex {
  // knex is required on first use only: an app that never touches its database does not pay
  // for loading it at boot.
  const knexFactory = createRequire(import.meta.url)('knex') as typeof KnexFactory;
  switch (settings.client) {
    case 'sqlite': {
      const filename = settings.filename!;
      mkdirSync(path.dirname(filename), { recursive: true });
      return knexFactory({
        client: 'sqlite3',
        connection: { filename },
        useNullAsDefault: true,
        pool: {
          min: 1,
          max: 1,
          afterCreate(conn: SqliteConnection, done: (err: Error | null, conn: unknown) => void) {
            conn.configure('busyTimeout', 30_000);
            conn.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;', (err) => done(err, conn));
          },
        },
      });
    }
    case 'postgres': {
      // bigint (epoch milliseconds, counts) as numbers, not strings: they fit in a double.
      const pg = createRequire(import.meta.url)('pg') as { types: { setTypeParser(oid: number, parse: (v: string) => unknown): void } };
      pg.types.setTypeParser(20, (v) => Number(v));
      return knexFactory({ client: 'pg', connection: settings.url!, pool: { min: 0, max: 10 } });
    }
    case 'mysql':
      return knexFactory({
        client: 'mysql2',
        connection: { uri: settings.url!, charset: 'utf8mb4', supportBigNumbers: true, bigNumberStrings: false } as Knex.MySql2ConnectionConfig,
        pool: { min: 0, max: 10 },
      });
  }
}
