import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Knex, knex as KnexFactory } from 'knex';
import { JitError } from '../errors.js';
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
  return reportUnreachable(openDatabase(settings), settings);
}

/**
 * A connection that cannot be made becomes DATABASE_UNAVAILABLE naming the database (without
 * credentials) and the setting it came from, instead of a driver error and its stack.
 */
function reportUnreachable(db: Knex, settings: DatabaseSettings): Knex {
  const client = db.client as { acquireConnection(): Promise<unknown>; pool?: unknown };
  const acquire = client.acquireConnection.bind(client);
  client.acquireConnection = () =>
    acquire().catch((err: unknown) => {
      // knex drops its pool when destroyed, which app.close() does.
      if (!client.pool) throw new JitError('APP_CLOSED', `the app was closed (app.close()), and its database ${settings.label} with it: load the app again to use its elements`, { database: settings.label });
      const reason = err instanceof Error ? err.message : String(err);
      throw new JitError('DATABASE_UNAVAILABLE', `cannot reach the database ${settings.label}${settings.source ? ` (set by ${settings.source})` : ''}: ${reason}`, {
        database: settings.label,
        setting: settings.source ?? null,
        reason,
      });
    });
  return db;
}

// knex logs with console.log (stdout) by default, with stacks; stdout belongs to the command's
// output (--json). Warnings go to stderr, one line each; the errors it logs are also thrown.
const log = {
  warn: (m: unknown) => process.stderr.write(`knex: ${String(m instanceof Error ? m.message : m).split('\n')[0]}\n`),
  error: () => undefined,
  deprecate: (m: unknown) => process.stderr.write(`knex: ${String(m).split('\n')[0]}\n`),
  debug: () => undefined,
};

function openDatabase(settings: DatabaseSettings): Knex {
  // knex is required on first use only: an app that never touches its database does not pay
  // for loading it at boot.
  const knexFactory = createRequire(import.meta.url)('knex') as typeof KnexFactory;
  switch (settings.client) {
    case 'sqlite': {
      const filename = settings.filename!;
      mkdirSync(path.dirname(filename), { recursive: true });
      return knexFactory({
        client: 'sqlite3',
        log,
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
      return knexFactory({ client: 'pg', log, connection: settings.url!, pool: { min: 0, max: 10 } });
    }
    case 'mysql':
      return knexFactory({
        client: 'mysql2',
        log,
        connection: { uri: settings.url!, charset: 'utf8mb4', supportBigNumbers: true, bigNumberStrings: false } as Knex.MySql2ConnectionConfig,
        pool: { min: 0, max: 10 },
      });
  }
}
