import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Knex } from 'knex';
import { from as copyFrom } from 'pg-copy-streams';
import { dialectOf } from '@jitkit/core';

/**
 * The bulk writes of a sync's apply, with the database driver itself inside the caller's
 * transaction (same connection, so the same atomicity). Through knex every statement is built,
 * scanned for bindings and compiled again; at 100,000 members that cost was most of the apply.
 *  - SQLite (node-sqlite3): one prepared multi-row INSERT, run again for each 200 rows.
 *  - PostgreSQL (pg): COPY … FROM STDIN; an upsert copies into a temporary table first, then
 *    merges it with one INSERT … SELECT … ON CONFLICT.
 *  - MySQL (mysql2): multi-row `INSERT … VALUES ?` of 2,000 rows, escaped by the driver.
 */
export async function driverWriteRows(
  trx: Knex.Transaction,
  table: string,
  rows: object[],
  columns: string[],
  upsert?: { keys: string[]; update: string[] },
): Promise<boolean> {
  const dialect = dialectOf(trx);
  if (!['sqlite', 'postgres', 'mysql'].includes(dialect.name)) return false;
  // Inside a transaction knex hands out the transaction's own connection.
  const conn: unknown = await trx.client.acquireConnection();
  const conflict = upsert && upsert.update.length ? dialect.upsertClause(upsert.keys, upsert.update) : '';
  const q = (id: string) => dialect.quote(id);
  const job: WriteJob = { q, table, rows, columns, conflict };
  if (dialect.name === 'sqlite') await sqliteWrite(conn as SqliteConnection, job);
  else if (dialect.name === 'postgres') await postgresWrite(conn as PgConnection, job);
  else await mysqlWrite(conn as MysqlConnection, job);
  return true;
}

/** SQLite's page cache (KiB) while a large write runs: a million members' 4.2 million rows in one
 * transaction took 130 s with 2 MB, most of it spilling pages, and 92 s with 64 MB (256 MB is no faster). */
const SQLITE_WRITE_CACHE_KIB = 65_536;
/** From this many rows a write gets the larger cache. */
const LARGE_WRITE_ROWS = 100_000;

/**
 * Runs `write` (of about `rows` rows, inside `trx`) with SQLite's page cache raised for it, and
 * put back after: the connection's own is smaller (core's sqlite dialect), since a sync that only
 * reads the pool gains nothing from more and would hold it. Other databases size their own.
 */
export async function withWriteCache<T>(trx: Knex.Transaction, rows: number, write: () => Promise<T>): Promise<T> {
  if (rows < LARGE_WRITE_ROWS || dialectOf(trx).name !== 'sqlite') return write();
  const [before] = (await trx.raw('PRAGMA cache_size')) as { cache_size: number }[];
  await trx.raw(`PRAGMA cache_size = -${SQLITE_WRITE_CACHE_KIB}`);
  try {
    return await write();
  } finally {
    // Not put back (a broken connection): a larger cache on that connection, nothing worse.
    await trx.raw(`PRAGMA cache_size = ${Number(before?.cache_size)}`).catch(() => {});
  }
}

interface SqliteStatement {
  run(params: unknown[], cb: (err: Error | null) => void): void;
  finalize(cb: (err: Error | null) => void): void;
}
interface SqliteConnection {
  prepare(sql: string, cb: (err: Error | null) => void): SqliteStatement;
  run(sql: string, params: unknown[], cb: (err: Error | null) => void): void;
}
interface PgConnection {
  query(sql: string): Promise<unknown>;
  query<S>(stream: S): S;
}

interface MysqlConnection {
  query(sql: string, values: unknown[], cb: (err: Error | null) => void): void;
}

const SQLITE_ROWS_PER_STATEMENT = 200;
const MYSQL_ROWS_PER_STATEMENT = 2_000;
const done = (resolve: () => void, reject: (e: Error) => void) => (err: Error | null) => (err ? reject(err) : resolve());

/** One write: the rows, their columns, and the upsert clause ('' for a plain insert). */
interface WriteJob {
  q: (id: string) => string;
  table: string;
  rows: object[];
  columns: string[];
  conflict: string;
}

/** A row's values in column order, a missing one as NULL. */
function valuesOf(row: object, columns: string[]): unknown[] {
  return columns.map((c) => (row as Record<string, unknown>)[c] ?? null);
}

const params = (rows: object[], columns: string[]): unknown[] => rows.flatMap((r) => valuesOf(r, columns));

async function sqliteWrite(conn: SqliteConnection, { q, table, rows, columns, conflict }: WriteJob): Promise<void> {
  const tuple = `(${columns.map(() => '?').join(',')})`;
  const sqlFor = (n: number) =>
    `INSERT INTO ${q(table)} (${columns.map(q).join(',')}) VALUES ${Array<string>(n).fill(tuple).join(',')}${conflict}`;
  const per = Math.min(SQLITE_ROWS_PER_STATEMENT, rows.length);
  const whole = rows.length - (rows.length % per);
  if (whole > 0) {
    const stmt = await new Promise<SqliteStatement>((resolve, reject) => {
      const s = conn.prepare(sqlFor(per), (err) => (err ? reject(err) : resolve(s)));
    });
    try {
      for (let i = 0; i < whole; i += per) {
        const p = params(rows.slice(i, i + per), columns);
        await new Promise<void>((resolve, reject) => stmt.run(p, done(resolve, reject)));
      }
    } finally {
      await new Promise<void>((resolve, reject) => stmt.finalize(done(resolve, reject)));
    }
  }
  if (whole < rows.length) {
    const rest = rows.slice(whole);
    await new Promise<void>((resolve, reject) => conn.run(sqlFor(rest.length), params(rest, columns), done(resolve, reject)));
  }
}

/** One CSV field as PostgreSQL's COPY reads it: unquoted empty is NULL, quoted empty is ''. */
function csvField(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'boolean') return v ? 't' : 'f';
  const s = typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return s === '' || /[",\n\r\\]/.test(s) || s.trim() !== s ? `"${s.replace(/"/g, '""')}"` : s;
}

function* csvLines(rows: object[], columns: string[]): Generator<string> {
  // A few hundred rows per chunk: one stream write per row is most of COPY's cost in JS.
  let chunk = '';
  let n = 0;
  for (const r of rows) {
    const rec = r as Record<string, unknown>;
    chunk += columns.map((c) => csvField(rec[c])).join(',') + '\n';
    if (++n === 500) {
      yield chunk;
      chunk = '';
      n = 0;
    }
  }
  if (chunk) yield chunk;
}

async function postgresWrite(conn: PgConnection, { q, table, rows, columns, conflict }: WriteJob): Promise<void> {
  const cols = columns.map(q).join(',');
  let into = table;
  if (conflict) {
    // Same columns, no constraints: duplicates of existing keys are what the merge resolves.
    into = `jk_stage_${table}`;
    // Made afresh each time: two upserts of one table in a run may carry different columns.
    await conn.query(`DROP TABLE IF EXISTS ${q(into)}`);
    await conn.query(`CREATE TEMP TABLE ${q(into)} ON COMMIT DROP AS SELECT ${cols} FROM ${q(table)} WITH NO DATA`);
  }
  const copy = conn.query(copyFrom(`COPY ${q(into)} (${cols}) FROM STDIN WITH (FORMAT csv)`));
  await pipeline(Readable.from(csvLines(rows, columns)), copy);
  if (conflict) await conn.query(`INSERT INTO ${q(table)} (${cols}) SELECT ${cols} FROM ${q(into)}${conflict}`);
}

async function mysqlWrite(conn: MysqlConnection, { q, table, rows, columns, conflict }: WriteJob): Promise<void> {
  const sql = `INSERT INTO ${q(table)} (${columns.map(q).join(',')}) VALUES ?${conflict}`;
  for (let i = 0; i < rows.length; i += MYSQL_ROWS_PER_STATEMENT) {
    const tuples = rows.slice(i, i + MYSQL_ROWS_PER_STATEMENT).map((r) => valuesOf(r, columns));
    await new Promise<void>((resolve, reject) => conn.query(sql, [tuples], done(resolve, reject)));
  }
}
