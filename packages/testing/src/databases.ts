import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knexFactory from 'knex';

export type DbKind = 'sqlite' | 'postgres' | 'mysql';

export interface TestDatabase {
  kind: DbKind;
  /** A database URL for loadApp({ database }) / JITKIT_DATABASE_URL. */
  url: string;
  drop(): Promise<void>;
}

const ENV: Record<Exclude<DbKind, 'sqlite'>, string> = { postgres: 'JITKIT_TEST_PG_URL', mysql: 'JITKIT_TEST_MYSQL_URL' };

/** Whether a database kind can be tested here, and if not, why (shown in the suite name). */
export function availability(kind: DbKind): { available: true } | { available: false; reason: string } {
  if (kind === 'sqlite') return { available: true };
  return process.env[ENV[kind]]
    ? { available: true }
    : { available: false, reason: `skipped: set ${ENV[kind]} to run it (.ci/run does for the local server)` };
}

export const DB_KINDS: DbKind[] = ['sqlite', 'postgres', 'mysql'];

/** The suite title for a database kind, saying why it is skipped when it is. */
export function dbTitle(kind: DbKind): string {
  const a = availability(kind);
  return a.available ? kind : `${kind} (${a.reason})`;
}

function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

/**
 * A fresh, empty database: a temp SQLite file, or a new database on the PostgreSQL / MySQL
 * server named by JITKIT_TEST_PG_URL / JITKIT_TEST_MYSQL_URL, dropped by drop().
 */
export async function createTestDatabase(kind: DbKind): Promise<TestDatabase> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'jitkit-db-'));
    return { kind, url: `sqlite:${path.join(dir, 'pool.sqlite')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const admin = process.env[ENV[kind]];
  if (!admin) throw new Error(`${ENV[kind]} is not set`);
  const name = `jk_t_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const client = kind === 'postgres' ? 'pg' : 'mysql2';
  const knex = knexFactory({ client, connection: admin, pool: { min: 0, max: 1 } });
  try {
    await knex.raw(
      kind === 'postgres' ? `CREATE DATABASE "${name}"` : `CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`,
    );
  } finally {
    await knex.destroy();
  }
  return {
    kind,
    url: withDatabase(admin, name),
    drop: async () => {
      const k = knexFactory({ client, connection: admin, pool: { min: 0, max: 1 } });
      try {
        await k.raw(kind === 'postgres' ? `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)` : `DROP DATABASE IF EXISTS \`${name}\``);
      } finally {
        await k.destroy();
      }
    },
  };
}
