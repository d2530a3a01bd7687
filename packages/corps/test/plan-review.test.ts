import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isJitError } from '@jitkit/core';
import { changeHistory, listRuns, poolChecksum, runChangePage, runChanges } from '@jitkit/corps';
import { availability, DB_KINDS, dbTitle } from '@jitkit/testing';
import { FakeDirectory, fakePool, type FakePool } from './fake-source.js';

// Issue 14's engine side: a reviewed plan is applied only if nothing changed since (fingerprint);
// the change list is kept as rows (paged, filtered, a member's history); runs say who started them.
for (const kind of DB_KINDS) {
  describe.skipIf(!availability(kind).available)(`plan review and change history on ${dbTitle(kind)}`, () => {
    let pool: FakePool;
    let source: FakeDirectory;
    beforeAll(async () => {
      pool = await fakePool(kind);
      source = new FakeDirectory(3, 10);
      await pool.sync(source, { startedBy: 'cli' });
    });
    afterAll(() => pool?.close());

    it('applies a reviewed plan whose fingerprint still matches', async () => {
      source.members.get('u1')!.position = '架构师';
      const plan = await pool.sync(source, { dryRun: true });
      expect(plan.fingerprint).toMatch(/^[\w-]{43}$/);
      const r = await pool.sync(source, { expectFingerprint: plan.fingerprint, startedBy: 'admin:token' });
      expect(r).toMatchObject({ status: 'succeeded', fingerprint: plan.fingerprint });
      expect((await listRuns(pool.knex, pool.corpId, 1))[0]).toMatchObject({ runId: r.runId, startedBy: 'admin:token' });
    });

    it('refuses a plan made stale by an upstream change, writing nothing', async () => {
      source.members.get('u2')!.position = '经理';
      const plan = await pool.sync(source, { dryRun: true });
      source.members.get('u3')!.position = '总监';
      const before = await poolChecksum(pool.knex);
      const err = await pool.sync(source, { expectFingerprint: plan.fingerprint }).catch((e: unknown) => e);
      expect(isJitError(err, 'PLAN_CHANGED')).toBe(true);
      expect(await poolChecksum(pool.knex)).toEqual(before);
    });

    it('keeps each run’s changes as rows: paged, filtered by kind, and per member across runs', async () => {
      const first = (await listRuns(pool.knex, pool.corpId, 10)).at(-1)!;
      const all = await runChanges(pool.knex, first.runId);
      expect(all.length).toBe(34); // 30 members and 4 departments (the root renamed)
      const page = await runChangePage(pool.knex, first.runId, { kinds: ['member.added'], offset: 10, limit: 5 });
      expect(page.total).toBe(30);
      expect(page.changes.map((c) => c.kind)).toEqual(Array(5).fill('member.added'));
      expect(page.changes[0]!.seq).toBeGreaterThan(0);
      const history = await changeHistory(pool.knex, pool.corpId, 'u1');
      expect(history.map((h) => h.kind)).toEqual(['member.updated', 'member.added']);
      expect(history[0]!.detail).toContain('position:');
    });
  });
}
