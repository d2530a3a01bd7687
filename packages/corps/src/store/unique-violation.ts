import { dialectOf } from '@jitkit/core';
import type { Knex } from 'knex';

/** A duplicate key, as the database of `db` reports it. */
export function isUniqueViolation(db: Knex, err: unknown): boolean {
  return dialectOf(db).isUniqueViolation(err);
}

/**
 * Inserts `row` unless its key is taken: true if inserted, false if taken. Inside a transaction the
 * insert gets its own savepoint: PostgreSQL aborts the whole transaction on a failed statement,
 * and the savepoint keeps a taken key from spoiling the rest of it.
 */
export async function insertUnlessTaken(db: Knex, table: string, row: object): Promise<boolean> {
  try {
    if (db.isTransaction) await db.transaction((sp) => sp(table).insert(row));
    else await db(table).insert(row);
    return true;
  } catch (err) {
    if (isUniqueViolation(db, err)) return false;
    throw err;
  }
}
