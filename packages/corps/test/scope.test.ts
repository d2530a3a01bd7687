import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isJitError } from '@jitkit/core';
import type { DeptScope, RunSyncOptions } from '@jitkit/corps';
import { availability, DB_KINDS, dbTitle } from '@jitkit/testing';
import { FakeDirectory, fakePool, type FakePool } from './fake-source.js';
import { memberHash } from '../src/sync/hash.js';

// Issue 13, sync scope: only the subtrees under include, minus those under exclude; members in
// scope when any of their departments is; the report says why someone was resigned.
for (const kind of DB_KINDS) {
  describe.skipIf(!availability(kind).available)(`sync.scope on ${dbTitle(kind)}`, () => {
    let pool: FakePool;
    let source: FakeDirectory;
    const sync = (deptScope: DeptScope, options: RunSyncOptions = {}) => pool.sync(source, { deptScope, ...options });
    const active = async () =>
      (await pool.knex('jk_members').where({ corp_id: pool.corpId, status: 1 }).select('member_id'))
        .map((r) => r.member_id as string)
        .sort();

    beforeAll(async () => {
      pool = await fakePool(kind);
      // Departments 2..5 under the root, 5 members each (u0..u19); department 6 under 2 with u20.
      source = new FakeDirectory(4, 5);
      source.depts.set('6', { externalId: '6', name: '部门6', parentExternalId: '2', order: 6, leaders: [] });
      source.addMember('u20', '成员20', '6', '13800009999');
    });
    afterAll(() => pool?.close());

    it('include takes whole subtrees; members elsewhere are counted as out of scope, not added', async () => {
      const r = await sync({ include: ['2', '3'] });
      expect(r.counts).toMatchObject({ membersAdded: 11, deptsCreated: 3, membersOutOfScope: 10 });
      expect(await active()).toEqual([...'0123456789'.split('').map((n) => `u${n}`), 'u20'].sort());
    });

    it('a member in two departments is in scope when one of them is, with only that membership', async () => {
      source.members.get('u12')!.memberships.push({ deptExternalId: '3', isLeader: false, order: 0 });
      const r = await sync({ include: ['2', '3'] });
      expect(r.counts).toMatchObject({ membersAdded: 1, membersOutOfScope: 9 });
      const depts = await pool.knex('jk_dept_members').where({ corp_id: pool.corpId, member_id: 'u12' }).pluck('dept_id');
      expect(depts).toEqual(['3']);
      // The source fingerprinted u12 early with both departments; the pool keeps the scoped one's.
      const { hash } = await pool.knex('jk_members').where({ corp_id: pool.corpId, member_id: 'u12' }).first('hash');
      const u12 = source.members.get('u12')!;
      expect(hash).toBe(memberHash({ ...u12, memberships: [u12.memberships[1]!], mainDeptExternalId: '3' }));
      expect(hash).not.toBe(memberHash(u12));
    });

    it('narrowing the scope would resign many: the guard stops it; forced, the report says "out of scope"', async () => {
      const err = await sync({ include: ['2'] }).catch((e: unknown) => e);
      expect(isJitError(err, 'SYNC_GUARD')).toBe(true);
      const r = await sync({ include: ['2'] }, { force: true });
      const resigned = r.changes.filter((c) => c.kind === 'member.resigned');
      // Department 3's members, and u12, whose other department (4) was never in scope.
      expect(resigned.map((c) => c.id).sort()).toEqual(['u12', 'u5', 'u6', 'u7', 'u8', 'u9']);
      expect(new Set(resigned.map((c) => c.detail))).toEqual(new Set(['out of scope']));
      expect(r.changes.filter((c) => c.kind === 'dept.removed').map((c) => c.id)).toEqual(['3']);
    });

    it('exclude removes a subtree inside the included one; someone who left upstream is "left upstream"', async () => {
      source.members.delete('u1');
      const r = await sync({ include: ['2'], exclude: ['6'] }, { force: true });
      const why = Object.fromEntries(r.changes.filter((c) => c.kind === 'member.resigned').map((c) => [c.id, c.detail]));
      expect(why).toEqual({ u1: 'left upstream', u20: 'out of scope' });
    });

    it('an event about a member outside the scope is ignored and counted; one who moved out is resigned', async () => {
      const ignored = await sync({ include: ['2'], exclude: ['6'] }, { kind: 'event', scope: { members: ['u17'] } });
      expect(ignored).toMatchObject({ rowsWritten: 0, counts: { membersOutOfScope: 1 } });
      const moved = source.members.get('u2')!;
      moved.memberships = [{ deptExternalId: '5', isLeader: false, order: 0 }];
      moved.mainDeptExternalId = '5';
      // One of the four left in scope: forced past the guard (a tiny org).
      const r = await sync({ include: ['2'], exclude: ['6'] }, { kind: 'event', scope: { members: ['u2'] }, force: true });
      expect(r.changes).toMatchObject([{ kind: 'member.resigned', id: 'u2', detail: 'out of scope' }]);
    });
  });
}
