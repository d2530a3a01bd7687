import type { Knex } from 'knex';
import { JitError } from '@jitkit/core';
import { dialectOf } from '@jitkit/core';
import { driverWriteRows } from './driver-write.js';

/**
 * knex puts the whole statement (thousands of values) in its error message; keep the driver's
 * own reason and say what was being done.
 */
export function databaseError(err: unknown, doing: string): JitError {
  const msg = err instanceof Error ? err.message : String(err);
  const reason = msg.includes(' - ') ? msg.slice(msg.lastIndexOf(' - ') + 3) : msg;
  // The driver's error is not kept as the cause: printing it would print the whole statement.
  return new JitError('DATABASE_ERROR', `${doing} failed: ${reason}`, { reason, driverCode: (err as { code?: unknown }).code });
}

type Row = object;
type Db = Knex | Knex.Transaction;

const MAX_ROWS = 2_000;
/** From this many rows, a write inside a transaction goes through the driver (driver-write.ts). */
export const DRIVER_MIN_ROWS = 200;

function quote(db: Db, id: string): string {
  return dialectOf(db).quote(id);
}

/** Ids per `WHERE … IN (…)`: well under every database's parameter limit. */
export const IN_CHUNK = 900;

export function chunks<T>(items: T[], size = IN_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Runs `query` for each chunk of `values` and returns every row. */
export async function selectIn<R>(values: string[], query: (part: string[]) => Promise<R[]>): Promise<R[]> {
  const out: R[] = [];
  for (const part of chunks(values)) out.push(...(await query(part)));
  return out;
}

function valuesSql(db: Db, table: string, rows: Row[], columns: string[]): { sql: string; bindings: unknown[] } {
  const placeholders = `(${columns.map(() => '?').join(',')})`;
  const bindings: unknown[] = [];
  for (const r of rows) {
    for (const c of columns) {
      const v = (r as Record<string, unknown>)[c];
      bindings.push(v === undefined ? null : v);
    }
  }
  return {
    sql: `INSERT INTO ${quote(db, table)} (${columns.map((c) => quote(db, c)).join(',')}) VALUES ${rows.map(() => placeholders).join(',')}`,
    bindings,
  };
}

/**
 * Multi-row INSERT (or upsert) in statements as large as the database allows. Written by hand:
 * knex renders SQLite inserts as UNION ALL selects, which SQLite caps at 500 rows. Large writes
 * inside a transaction (a sync's apply) go through the driver itself where it has a faster path.
 */
export async function writeRows(db: Db, table: string, rows: Row[], upsert?: { keys: string[]; update: string[] }): Promise<number> {
  if (rows.length === 0) return 0;
  const columns = Object.keys(rows[0]!);
  if (db.isTransaction && rows.length >= DRIVER_MIN_ROWS) {
    try {
      if (await driverWriteRows(db as Knex.Transaction, table, rows, columns, upsert)) return rows.length;
    } catch (err) {
      throw databaseError(err, `writing ${rows.length} rows to ${table}`);
    }
  }
  const dialect = dialectOf(db);
  // A little under the dialect's limit on bound parameters per statement.
  const size = Math.max(1, Math.min(MAX_ROWS, Math.floor((dialect.maxParams * 0.9) / columns.length)));
  const conflict = upsert && upsert.update.length ? dialect.upsertClause(upsert.keys, upsert.update) : '';
  for (const part of chunks(rows, size)) {
    const { sql, bindings } = valuesSql(db, table, part, columns);
    try {
      await db.raw(sql + conflict, bindings as Knex.RawBinding[]);
    } catch (err) {
      throw databaseError(err, `writing ${part.length} rows to ${table}`);
    }
  }
  return rows.length;
}

/** `DELETE FROM table WHERE fixed... AND column IN (values)`, in chunks. */
export async function deleteIn(db: Db, table: string, fixed: Record<string, unknown>, column: string, values: unknown[]): Promise<number> {
  let n = 0;
  for (const part of chunks(values))
    n += await db(table)
      .where(fixed)
      .whereIn(column, part as string[])
      .delete();
  return n;
}

/** `UPDATE table SET patch WHERE fixed... AND column IN (values)`, in chunks. */
export async function updateIn(
  db: Db,
  table: string,
  fixed: Record<string, unknown>,
  column: string,
  values: unknown[],
  patch: Record<string, unknown>,
): Promise<number> {
  let n = 0;
  for (const part of chunks(values))
    n += await db(table)
      .where(fixed)
      .whereIn(column, part as string[])
      .update(patch);
  return n;
}
