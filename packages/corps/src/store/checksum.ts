import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { POOL_TABLES } from './tables.js';

/**
 * A digest of every row of every pool table, in primary-key order: equal before and after
 * means the pool is exactly as it was (how the tests prove a failed sync changed nothing).
 */
export async function poolChecksum(db: Knex): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of POOL_TABLES) {
    const columns = Object.keys(await db(table).columnInfo()).sort();
    const rows = await db(table)
      .select(columns)
      .orderBy(columns.map((c) => ({ column: c })));
    const h = createHash('sha256');
    for (const r of rows) h.update(JSON.stringify(columns.map((c) => normalise(r[c]))) + '\n');
    out[table] = `${rows.length}:${h.digest('hex').slice(0, 16)}`;
  }
  return out;
}

// Databases return booleans and numbers in different types; compare values, not drivers.
function normalise(v: unknown): unknown {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string' && /^-?\d+$/.test(v) && v.length < 16) return Number(v);
  return v;
}
