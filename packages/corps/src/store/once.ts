import type { Knex } from 'knex';
import { T } from './tables.js';
import { insertUnlessTaken } from './unique-violation.js';

/**
 * Claims `key` in `scope` until `expiresAt`: true for the first claim, false for every later
 * one, in any process of the app (the primary key decides). Used for single-use login states
 * and for callback deliveries already accepted.
 */
export async function claimOnce(db: Knex, scope: string, key: string, expiresAt: number): Promise<boolean> {
  return insertUnlessTaken(db, T.once, { scope, once_key: key.slice(0, 191), expires_at: expiresAt });
}

/** Gives a claim back (the work it guarded failed, so a retry must be allowed). */
export async function releaseOnce(db: Knex, scope: string, key: string): Promise<void> {
  await db(T.once)
    .where({ scope, once_key: key.slice(0, 191) })
    .delete();
}

export async function pruneOnce(db: Knex, now: number): Promise<number> {
  return db(T.once).where('expires_at', '<', now).delete();
}
