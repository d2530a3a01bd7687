import { createRequire } from 'node:module';
import type { Dialect } from './dialect.js';
import { errorCode, errorMessage, labelOf } from './dialect.js';

/** PostgreSQL through node-postgres; bigint (epoch milliseconds, counts) read as numbers. */
export const postgres: Dialect = {
  name: 'postgres',
  schemes: ['postgres:', 'postgresql:'],
  knexClients: ['pg', 'postgres', 'postgresql'],
  parse(value) {
    return { client: 'postgres', url: value, label: labelOf(new URL(value), 'postgres') };
  },
  connect(settings, knex, log) {
    // They fit in a double, and every other database returns numbers for them.
    const pg = createRequire(import.meta.url)('pg') as { types: { setTypeParser(oid: number, parse: (v: string) => unknown): void } };
    pg.types.setTypeParser(20, (v) => Number(v));
    return knex({ client: 'pg', log, connection: settings.url!, pool: { min: 0, max: 10 } });
  },
  quote: (id) => `"${id.replace(/"/g, '""')}"`,
  upsertClause: (keys, update) =>
    ` ON CONFLICT (${keys.map(postgres.quote).join(',')}) DO UPDATE SET ${update.map((c) => `${postgres.quote(c)}=excluded.${postgres.quote(c)}`).join(',')}`,
  isUniqueViolation: (err) => errorCode(err) === '23505',
  isMigrationRace: (err) =>
    errorCode(err) === '23505' || /already exists|already locked|duplicate|unique constraint/i.test(errorMessage(err)),
  maxParams: 65_535,
  // The planner plans from these, and nothing gathers them in the write's transaction: until
  // autovacuum's analyze (a minute later at best, never when it is off) a table just filled is
  // planned as nearly empty (an event batch's member lookup at 20,000 members: 207 ms, 4 ms after).
  analyzeStatement: (tables) => `ANALYZE ${tables.map(postgres.quote).join(', ')}`,
};
