import type { Knex } from 'knex';
import type { Dialect } from './dialect.js';
import { errorCode, errorMessage, labelOf } from './dialect.js';

/** MySQL and MariaDB through mysql2, utf8mb4, big numbers as numbers. */
export const mysql: Dialect = {
  name: 'mysql',
  schemes: ['mysql:', 'mariadb:'],
  knexClients: ['mysql2', 'mysql'],
  parse(value) {
    return { client: 'mysql', url: value.replace(/^mariadb:/, 'mysql:'), label: labelOf(new URL(value), 'mysql') };
  },
  connect(settings, knex, log) {
    return knex({
      client: 'mysql2',
      log,
      connection: {
        uri: settings.url!,
        charset: 'utf8mb4',
        supportBigNumbers: true,
        bigNumberStrings: false,
      } as Knex.MySql2ConnectionConfig,
      pool: { min: 0, max: 10 },
    });
  },
  quote: (id) => `\`${id.replace(/`/g, '``')}\``,
  upsertClause: (_keys, update) => ` ON DUPLICATE KEY UPDATE ${update.map((c) => `${mysql.quote(c)}=VALUES(${mysql.quote(c)})`).join(',')}`,
  isUniqueViolation: (err) => errorCode(err) === 'ER_DUP_ENTRY' || (err as { errno?: number }).errno === 1062,
  isMigrationRace: (err) => mysql.isUniqueViolation(err) || /already exists|already locked|duplicate/i.test(errorMessage(err)),
  // Bounded by the packet size rather than a count; this keeps statements well under 16 MB.
  maxParams: 30_000,
  // InnoDB recalculates them in the background after a tenth of a table changed; this is at once.
  analyzeStatement: (tables) => `ANALYZE TABLE ${tables.map(mysql.quote).join(', ')}`,
};
