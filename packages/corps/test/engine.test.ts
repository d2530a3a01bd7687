import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JitError } from '@jitkit/core';
import { poolChecksum, reportOf, type RunSyncOptions } from '@jitkit/corps';
import { availability, DB_KINDS, dbTitle } from '@jitkit/testing';
import type { Knex } from 'knex';
import { FakeDirectory, fakePool, type FakePool } from './fake-source.js';
import { readWholePool } from '../src/sync/read-local.js';
import { isBrief } from '../src/sync/brief-member.js';

// Issue 11, item 2: the engine on its own, with an in-memory source: no emulator, no vendor.
for (const kind of DB_KINDS) {
  describe.skipIf(!availability(kind).available)(`the sync engine with a fake source on ${dbTitle(kind)}`, () => {
    let pool: FakePool;
    let knex: Knex;
    let corpId: number;
    let source: FakeDirectory;
    const sync = (options: RunSyncOptions = {}) => pool.sync(source, options);
    const count = async (table: string, where: Record<string, unknown> = {}) =>
      Number((await knex(table).where(where).count<{ n: number }[]>({ n: '*' }))[0]!.n);

    beforeAll(async () => {
      pool = await fakePool(kind);
      ({ knex, corpId } = pool);
      source = new FakeDirectory(10, 20);
    });
    afterAll(() => pool?.close());

    it('plans exactly: a dry run writes nothing; the first sync adds every member and department', async () => {
      const before = await poolChecksum(knex);
      const plan = await sync({ dryRun: true });
      expect(plan).toMatchObject({ status: 'planned', rowsWritten: 0 });
      expect(plan.counts).toMatchObject({ membersAdded: 200, deptsCreated: 10 });
      expect(await poolChecksum(knex)).toEqual(before);
      const first = await sync();
      expect(first.status).toBe('succeeded');
      expect(first.counts).toMatchObject({ membersAdded: 200, deptsCreated: 10, membersResigned: 0 });
      expect(await count('jk_members', { corp_id: corpId, status: 1 })).toBe(200);
    });

    it('reads the whole pool a page at a time, every member once', async () => {
      const one = await readWholePool(knex, corpId, '1');
      const paged = await readWholePool(knex, corpId, '1', 7);
      expect(one.bound.size).toBe(200);
      expect([...paged.bound.keys()].sort()).toEqual([...one.bound.keys()].sort());
      expect([...paged.bound.values()].map((m) => m.hash)).toEqual([...one.bound.values()].map((m) => m.hash));
      expect(paged.takenMemberIds).toEqual(one.takenMemberIds);
    });

    it('a re-sync with nothing changed writes no row', async () => {
      const again = await sync();
      expect(again).toMatchObject({ status: 'succeeded', rowsWritten: 0, changes: [] });
    });

    it('keeps the members the pool has exactly brief (as they arrive once it is read, or after the fetch), and plans and writes the rest', async () => {
      source.members.set('u3', { ...source.members.get('u3')!, position: '新岗位', avatar: 'https://example.com/u3.png' });
      source.addMember('brief-new', '新人', '2', '13900000001');
      // Handed over before the pool was read: kept whole by the source, made brief after the fetch
      // (HeldMembers.settle replaces them in the org the source returned).
      const whole = await sync({ dryRun: true });
      expect(source.handedBack.filter(isBrief)).toHaveLength(199);
      expect(whole.changes.map((c) => `${c.kind} ${c.id}`).sort()).toEqual(['member.added brief-new', 'member.updated u3']);
      source.waitForPool = true; // from here on, for the rest of these tests too
      const brief = await sync({ dryRun: true });
      const briefIds = source.handedBack.filter(isBrief).map((m) => m.externalId);
      expect(briefIds).toHaveLength(199); // all but the changed one and the new one
      expect(briefIds).not.toContain('u3');
      expect(brief.changes).toEqual(whole.changes);
      expect(brief.counts).toEqual(whole.counts);
      expect(brief.fingerprint).toBe(whole.fingerprint);
      const r = await sync();
      expect(r.counts).toMatchObject({ membersUpdated: 1, membersAdded: 1, membersResigned: 0 });
      const u3 = await knex('jk_members').where({ corp_id: corpId, member_id: 'u3' }).first('position', 'avatar');
      expect(u3).toEqual({ position: '新岗位', avatar: 'https://example.com/u3.png' });
      expect(await sync()).toMatchObject({ rowsWritten: 0, changes: [] });
    });

    it('a renamed upstream id with the same mobile is the same member, renamed', async () => {
      const old = source.members.get('u7')!;
      source.members.delete('u7');
      source.members.set('u7.new', { ...old, externalId: 'u7.new' });
      const r = await sync();
      expect(r.counts).toMatchObject({ membersRenamed: 1, membersAdded: 0, membersResigned: 0 });
      expect(r.changes.find((c) => c.kind === 'member.renamed')).toMatchObject({ id: 'u7' });
      expect(await count('jk_bindings', { corp_id: corpId, upstream_id: 'u7.new', member_id: 'u7' })).toBe(1);
    });

    it('the guard stops a sync that would resign most members, writes nothing, and the error carries the report', async () => {
      const saved = new Map(source.members);
      for (const id of [...source.members.keys()].slice(0, 120)) source.members.delete(id);
      const before = await poolChecksum(knex);
      const err = (await sync().catch((e: unknown) => e)) as JitError;
      expect(err.code).toBe('SYNC_GUARD');
      expect(reportOf(err)).toMatchObject({ status: 'guarded', counts: { membersResigned: 120 } });
      expect(reportOf(err)!.changes.filter((c) => c.kind === 'member.resigned')).toHaveLength(120);
      expect(await poolChecksum(knex)).toEqual(before);
      source.members = saved;
      expect((await sync()).rowsWritten).toBe(0);
    });

    it("a targeted sync's guard counts the whole corp, and only when it would resign someone", async () => {
      const saved = new Map(source.members);
      const ids = [...source.members.keys()];
      const active = await count('jk_members', { corp_id: corpId, status: 1 });
      const named = (n: number) => ({ kind: 'event' as const, dryRun: true, scope: { members: ids.slice(0, n) } });
      for (const id of ids.slice(0, 60)) source.members.delete(id);
      // 60 of the corp's active members gone: over the 20% share of all of them, not of the 60 named.
      const err = (await sync(named(60)).catch((e: unknown) => e)) as JitError;
      expect(err.code).toBe('SYNC_GUARD');
      expect(err.details).toMatchObject({ wouldResign: 60, activeMembers: active });
      // 10 of them: within the share.
      expect(await sync(named(10))).toMatchObject({ status: 'planned', counts: { membersResigned: 10 } });
      source.members = saved;
    });

    it('a failure while fetching leaves the pool as it was, and the run is recorded as failed', async () => {
      const before = await poolChecksum(knex);
      const broken = Object.assign(Object.create(source) as FakeDirectory, {
        fetch: async () => Promise.reject(new Error('directory offline')),
      });
      const err = (await pool.sync(broken).catch((e: unknown) => e)) as Error;
      expect(err.message).toBe('directory offline');
      expect(reportOf(err)).toMatchObject({ status: 'failed', error: { message: 'directory offline' } });
      expect(await poolChecksum(knex)).toEqual(before); // the pool tables (sync runs are bookkeeping)
    });
  });
}

describe.skipIf(!availability('sqlite').available)('atomic apply with a fake source (sqlite)', () => {
  it('a database error in the middle of the apply rolls back every row of the plan', async () => {
    const pool = await fakePool('sqlite');
    const { knex } = pool;
    try {
      const source = new FakeDirectory(5, 20);
      // The 60th member's row fails to insert, after departments and 59 members were written.
      source.addMember('boom', '炸弹', '2');
      await knex.raw(
        `CREATE TRIGGER jk_test_boom BEFORE INSERT ON jk_members WHEN NEW.member_id = 'boom' BEGIN SELECT RAISE(ABORT, 'injected failure'); END`,
      );
      const before = await poolChecksum(knex);
      const err = (await pool.sync(source).catch((e: unknown) => e)) as JitError;
      expect(err.message).toContain('injected failure');
      expect(await poolChecksum(knex)).toEqual(before);
    } finally {
      await pool.close();
    }
  });
});
