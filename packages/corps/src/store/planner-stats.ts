import { dialectOf, type Logger } from '@jitkit/core';
import type { Knex } from 'knex';
import { T } from './tables.js';

/** A sync that wrote this many rows refreshes the query planner's statistics of the pool. */
export const ANALYZE_AFTER_ROWS = 10_000;

/** What a sync writes in bulk: the tables its later, targeted, reads look up by key. */
const SYNCED_TABLES = [T.users, T.members, T.bindings, T.departments, T.deptMembers, T.roles, T.roleMembers];

/**
 * Refreshes the planner's statistics after a large committed write, where the database needs it
 * (Dialect.analyzeStatement). A failure only costs slower plans until the database gathers them
 * itself: it is logged, and the sync stays done.
 */
export async function refreshPlannerStats(db: Knex, logger: Logger): Promise<void> {
  const sql = dialectOf(db).analyzeStatement(SYNCED_TABLES);
  if (!sql) return;
  try {
    await db.raw(sql);
  } catch (err) {
    logger.warn('could not refresh the query planner statistics of the pool', { error: err instanceof Error ? err.message : String(err) });
  }
}
