import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunSyncOptions } from '@jitkit/corps';
import { availability } from '@jitkit/testing';
import { carriedHash, HeldMemberships } from '../src/sync/brief-member.js';
import { MemberStage } from '../src/sync/member-stage.js';
import { memberRowBuilder } from '../src/sync/member-writes.js';
import type { UpstreamMember } from '../src/sync/upstream.js';
import { FakeDirectory, fakePool, type FakePool } from './fake-source.js';

// Issue 15: a large full sync keeps the members it will write in a file until apply, not in memory.
const member = (n: number): UpstreamMember => ({
  externalId: `u${n}`,
  name: `成员${n}`,
  position: '工程师',
  mobile: `1380000${String(n).padStart(4, '0')}`,
  email: `u${n}@example.com`,
  avatar: `https://example.com/avatar/${n}/${'x'.repeat(200)}.png`,
  upstreamStatus: 1,
  enabled: true,
  memberships: [{ deptExternalId: String(2 + (n % 6)), isLeader: n % 5 === 0, order: n }],
  mainDeptExternalId: String(2 + (n % 6)),
  directLeaders: n ? ['u0'] : [],
  extAttrs: { attrs: [{ name: '工号', value: `E${n}` }] },
  attributes: { level: `L${n % 3}` },
});

describe('the member stage', () => {
  let tmp: string;
  beforeAll(() => (tmp = mkdtempSync(path.join(os.tmpdir(), 'stage-test-'))));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('gives back each whole member, in any order, across many blocks of the file; in memory only what planning reads', () => {
    const stage = new MemberStage(new HeldMemberships(), tmp);
    const members = Array.from({ length: 6_000 }, (_, n) => member(n)); // about 3 MB of records
    const standIns = members.map((m, n) => stage.put(m, `h${n}`));
    expect(stage.size).toBe(6_000);
    expect(Object.fromEntries(Object.entries(standIns[9]!))).toEqual({
      externalId: 'u9',
      name: '成员9',
      mobile: '13800000009',
      email: 'u9@example.com',
      upstreamStatus: 1,
      enabled: true,
      memberships: [{ deptExternalId: '5' }],
      directLeaders: [],
    });
    // Planning reads a held membership's department only; the rest is read from the whole member.
    expect(() => standIns[9]!.memberships[0]!.isLeader).toThrow(/keeps its department only \(isLeader\)/);
    expect(standIns[9]!.memberships).toBe(standIns[3]!.memberships); // one list for each set of departments
    expect(MemberStage.isStandIn(standIns[9]!)).toBe(true);
    expect(carriedHash(standIns[9]!)).toBe('h9');
    expect(carriedHash(members[9]!)).toBeUndefined();
    expect(MemberStage.isStandIn(members[9]!)).toBe(false);
    expect(stage.whole(members[9]!)).toBe(members[9]); // not a stand-in: itself
    const order = [5_999, 0, 3_000, 1, 5_998, 2_999, ...Array.from({ length: 6_000 }, (_, i) => i)];
    for (const i of order) expect(stage.whole(standIns[i]!)).toEqual(members[i]);
    stage.close();
    expect(readdirSync(tmp)).toEqual([]); // the file is gone
  });

  it('says where it could not stage, and what to do', () => {
    const missing = path.join(tmp, 'no-such-dir');
    expect(() => new MemberStage(new HeldMemberships(), missing)).toThrow(
      new RegExp(`could not create a staging directory in ${missing}.*point TMPDIR`),
    );
  });

  it('builds a stand-in’s rows from the whole member, and refuses one with no stage to read it from', () => {
    const stage = new MemberStage(new HeldMemberships(), tmp);
    const m = member(3);
    const standIn = stage.put(m, 'h');
    const write = { member: standIn, memberId: 'u3', userId: 'user-3', user: 'insert' as const, bind: true };
    const hashes = () => 'h';
    const staged = memberRowBuilder(1, 0, hashes, () => true, { stage });
    const direct = memberRowBuilder(1, 0, hashes, () => true);
    expect(staged.member(write)).toEqual(direct.member({ ...write, member: m }));
    expect(staged.user(write)).toEqual(direct.user({ ...write, member: m }));
    expect(staged.member(write).avatar).toBe(m.avatar);
    expect(() => direct.member(write)).toThrow(/u3 is staged/);
    stage.close();
  });
});

describe.skipIf(!availability('sqlite').available)('a full sync that stages members (SQLite)', () => {
  const pools: FakePool[] = [];
  let tmp: string;
  const savedTmp = process.env.TMPDIR;
  beforeAll(() => {
    // The engine stages under os.tmpdir(): a directory of this test's own, to see it emptied.
    tmp = mkdtempSync(path.join(os.tmpdir(), 'stage-engine-'));
    process.env.TMPDIR = tmp;
  });
  afterAll(async () => {
    process.env.TMPDIR = savedTmp;
    rmSync(tmp, { recursive: true, force: true });
    await Promise.all(pools.map((p) => p.close()));
  });

  // (the test databases live there too)
  const stageDirs = () => readdirSync(tmp).filter((f) => f.startsWith('jitkit-stage-'));
  /** The pool's member rows, without what differs between two pools by design (new user ids, times). */
  const memberRows = (p: FakePool) =>
    p
      .knex('jk_members')
      .where({ corp_id: p.corpId })
      .orderBy('member_id')
      .select(
        'member_id',
        'name',
        'position',
        'mobile',
        'email',
        'avatar',
        'main_dept_id',
        'direct_leaders',
        'ext_attrs',
        'attributes',
        'hash',
      );

  it('writes exactly what a sync holding every member in memory writes, first sync and update, and leaves no file', async () => {
    const source = new FakeDirectory(6, 30);
    for (let n = 0; n < 180; n++) source.members.set(`u${n}`, member(n));
    const [staged, inMemory] = await Promise.all([fakePool('sqlite'), fakePool('sqlite')]);
    pools.push(staged, inMemory);
    const run = (p: FakePool, options: RunSyncOptions) => p.sync(source, options);

    const first = await run(staged, { stageMembersAfter: 0 });
    expect(source.handedBack.filter(MemberStage.isStandIn)).toHaveLength(180);
    const reference = await run(inMemory, { stageMembersAfter: Infinity });
    expect(source.handedBack.filter(MemberStage.isStandIn)).toHaveLength(0);
    expect(first.counts).toEqual(reference.counts);
    expect(first.changes).toEqual(reference.changes);
    expect(await memberRows(staged)).toEqual(await memberRows(inMemory));
    expect((await memberRows(staged))[0]).toMatchObject({ avatar: member(0).avatar, ext_attrs: JSON.stringify(member(0).extAttrs) });

    // Updates build their rows while planning (to describe them): from the stage too.
    source.members.set('u4', { ...member(4), position: '经理', avatar: 'https://example.com/new.png' });
    source.members.set('u400', { ...member(400), memberships: [{ deptExternalId: '3', isLeader: false, order: 1 }] });
    const update = await run(staged, { stageMembersAfter: 0 });
    const updateRef = await run(inMemory, { stageMembersAfter: Infinity });
    expect(update.counts).toMatchObject({ membersUpdated: 1, membersAdded: 1 });
    expect(update.changes).toEqual(updateRef.changes);
    expect(await memberRows(staged)).toEqual(await memberRows(inMemory));
    expect(stageDirs()).toEqual([]);
  });

  it('stages the first members too once the org outgrows stageMembersAfter, and writes memberships from the stage after planning', async () => {
    const source = new FakeDirectory(6, 30);
    for (let n = 0; n < 180; n++) source.members.set(`u${n}`, member(n));
    const [staged, inMemory] = await Promise.all([fakePool('sqlite'), fakePool('sqlite')]);
    pools.push(staged, inMemory);
    const first = await staged.sync(source, { stageMembersAfter: 100 });
    // Handed over whole (the first 100) or staged; after the fetch, every one is staged.
    const standIns = source.handedBack.filter(MemberStage.isStandIn);
    expect(standIns).toHaveLength(180);
    // Released once planned; apply read their memberships (department, leader, order) from the stage.
    expect(standIns.every((m) => m.mobile === undefined && m.email === undefined)).toBe(true);
    const reference = await inMemory.sync(source, { stageMembersAfter: Infinity });
    expect(first.changes).toEqual(reference.changes);
    expect(await memberRows(staged)).toEqual(await memberRows(inMemory));
    const memberships = (p: FakePool) =>
      p
        .knex('jk_dept_members')
        .where({ corp_id: p.corpId })
        .orderBy(['member_id', 'dept_id'])
        .select('member_id', 'dept_id', 'is_leader', 'sort_order');
    expect(await memberships(staged)).toHaveLength(180);
    expect(await memberships(staged)).toEqual(await memberships(inMemory));
  });

  it('a run that fails after staging leaves no file either', async () => {
    const source = new FakeDirectory(2, 5);
    const p = await fakePool('sqlite');
    pools.push(p);
    const err = await p.sync(source, { stageMembersAfter: 0, expectFingerprint: 'not this plan' }).catch((e: unknown) => e);
    expect((err as { code?: string }).code).toBe('PLAN_CHANGED');
    expect(source.handedBack.filter(MemberStage.isStandIn)).toHaveLength(10);
    expect(stageDirs()).toEqual([]);
  });
});
