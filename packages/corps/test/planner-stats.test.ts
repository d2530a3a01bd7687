import { describe, expect, it } from 'vitest';
import { availability } from '@jitkit/testing';
import { ANALYZE_AFTER_ROWS } from '../src/store/planner-stats.js';
import { FakeDirectory, fakePool } from './fake-source.js';

// Issue 16: PostgreSQL plans from statistics that nothing gathers inside a write, and autovacuum's
// analyze comes a minute later at best: after a first sync the pool's tables were planned as
// empty, and an event batch's member lookup took 207 ms instead of 4. A sync that wrote 10,000
// rows or more gathers them once it committed.
describe.skipIf(!availability('postgres').available)('planner statistics after a large sync (PostgreSQL)', () => {
  it('a sync that wrote 10,000 rows or more analyzes the pool tables; a small one does not', async () => {
    const pool = await fakePool('postgres');
    try {
      const lastAnalyze = async (table: string) =>
        (await pool.knex('pg_stat_user_tables').where({ relname: table }).first('last_analyze')).last_analyze as Date | null;
      const small = await pool.sync(new FakeDirectory(2, 10));
      expect(small.rowsWritten).toBeLessThan(ANALYZE_AFTER_ROWS);
      expect(await lastAnalyze('jk_members')).toBeNull();
      const large = await pool.sync(new FakeDirectory(30, 100));
      expect(large.rowsWritten).toBeGreaterThanOrEqual(ANALYZE_AFTER_ROWS);
      for (const table of ['jk_members', 'jk_bindings', 'jk_dept_members', 'jk_users']) expect(await lastAnalyze(table)).not.toBeNull();
    } finally {
      await pool.close();
    }
  });
});
