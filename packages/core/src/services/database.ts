import { createRequire } from 'node:module';
import type { Knex, knex as KnexFactory } from 'knex';
import { dialectByName, type KnexLog } from '../dialects/index.js';
import { JitError } from '../errors.js';
import type { DatabaseSettings } from './database-settings.js';

/** Opens the app's database through its dialect (../dialects), which knows how to connect. */
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
      if (!client.pool)
        throw new JitError(
          'APP_CLOSED',
          `the app was closed (app.close()), and its database ${settings.label} with it: load the app again to use its elements`,
          { database: settings.label },
        );
      const reason = err instanceof Error ? err.message : String(err);
      throw new JitError(
        'DATABASE_UNAVAILABLE',
        `cannot reach the database ${settings.label}${settings.source ? ` (set by ${settings.source})` : ''}: ${reason}`,
        {
          database: settings.label,
          setting: settings.source ?? null,
          reason,
        },
      );
    });
  return db;
}

// knex logs with console.log (stdout) by default, with stacks; stdout belongs to the command's
// output (--json). Warnings go to stderr, one line each; the errors it logs are also thrown.
const log: KnexLog = {
  warn: (m: unknown) => process.stderr.write(`knex: ${String(m instanceof Error ? m.message : m).split('\n')[0]}\n`),
  error: () => undefined,
  deprecate: (m: unknown) => process.stderr.write(`knex: ${String(m).split('\n')[0]}\n`),
  debug: () => undefined,
};

function openDatabase(settings: DatabaseSettings): Knex {
  // knex is required on first use only: an app that never touches its database does not pay
  // for loading it at boot.
  const knexFactory = createRequire(import.meta.url)('knex') as typeof KnexFactory;
  return dialectByName(settings.client).connect(settings, knexFactory, log);
}
