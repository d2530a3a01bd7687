import { dialectOf } from '@jitkit/core';
import type { Knex } from 'knex';

/** A duplicate key, as the database of `db` reports it. */
export function isUniqueViolation(db: Knex, err: unknown): boolean {
  return dialectOf(db).isUniqueViolation(err);
}
