import type { Knex } from 'knex';
import { dialectOf } from '@jitkit/core';
import { chunks, selectIn } from './bulk.js';
import { T } from './tables.js';

/**
 * Claims `key` in `scope` until `expiresAt`: true for the first claim, false for every later
 * one, in any process of the app (the primary key decides). Used for single-use login states
 * and for callback deliveries already accepted.
 */
export async function claimOnce(db: Knex, scope: string, key: string, expiresAt: number): Promise<boolean> {
  return (await claimMany(db, scope, [{ key, expiresAt }])).size === 1;
}

/**
 * Claims many keys of `scope` with one statement per chunk: the keys (cut to the column's 191
 * characters) this call claimed first. Keys already held, by an earlier call or another process,
 * are left out. A taken key is no error (ON CONFLICT DO NOTHING / INSERT IGNORE), so a claim
 * inside a transaction never spoils it, on PostgreSQL either.
 */
export async function claimMany(db: Knex, scope: string, items: { key: string; expiresAt: number }[]): Promise<Set<string>> {
  const rows = new Map<string, { scope: string; once_key: string; expires_at: number }>();
  for (const { key, expiresAt } of items) {
    const once_key = key.slice(0, 191);
    if (!rows.has(once_key)) rows.set(once_key, { scope, once_key, expires_at: expiresAt });
  }
  if (dialectOf(db).name === 'mysql') {
    // No RETURNING: read what is held, then insert the rest (INSERT IGNORE keeps a racing claim's row).
    const held = await selectIn([...rows.keys()], (part) => db(T.once).where({ scope }).whereIn('once_key', part).pluck('once_key'));
    for (const key of held) rows.delete(key);
    for (const part of chunks([...rows.values()], 500)) await db(T.once).insert(part).onConflict(['scope', 'once_key']).ignore();
    return new Set(rows.keys());
  }
  const claimed = new Set<string>();
  for (const part of chunks([...rows.values()], 500)) {
    const inserted: { once_key: string }[] = await db(T.once).insert(part).onConflict(['scope', 'once_key']).ignore().returning('once_key');
    for (const r of inserted) claimed.add(r.once_key);
  }
  return claimed;
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
