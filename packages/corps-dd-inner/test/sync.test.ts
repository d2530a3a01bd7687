import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE, isJitError } from '@jitkit/core';
import { poolChecksum, reportOf, tagRoleId } from '@jitkit/corps';
import { availability, DB_KINDS, dbTitle } from '@jitkit/testing';
import { ddFixture, type DDFixture } from './helpers.js';
import type { DDInnerType } from '@jitkit/corps-dd-inner';

// corps.DDInnerType on the same engine as WeCom: exact reports, 0-write re-syncs, the guard, the seed's methods.
for (const kind of DB_KINDS) {
  describe.skipIf(!availability(kind).available)(`corps.DDInnerType sync on ${dbTitle(kind)}`, () => {
    let f: DDFixture;
    const checksum = () => poolChecksum(f.app.resolve(DATABASE));

    beforeAll(async () => {
      f = await ddFixture(kind, { users: 260, depts: 14, seed: 9 });
    });
    afterAll(() => f?.close());

    it('the first sync brings every department, member and role, each member once with all its departments', async () => {
      const snap = await f.sim.control.snapshot();
      const r = await f.corp.initCorp();
      expect(r.status).toBe('succeeded');
      expect(r.counts).toMatchObject({
        membersAdded: snap.users.length,
        deptsCreated: snap.departments.length - 1,
        rolesCreated: snap.roles.length,
      });
      const local = await f.corp.getLocalCorpData();
      expect(local.userList).toHaveLength(snap.users.length);
      const someone = snap.users.find((u) => u.dept_id_list.length > 1)!;
      const m = (await f.corp.getMember(someone.userid))!;
      expect(m.departments.map((d) => d.deptId).sort()).toEqual(someone.dept_id_list.map(String).sort());
      const inactive = snap.users.find((u) => !u.active);
      if (inactive) expect((await f.corp.getMember(inactive.userid))!).toMatchObject({ enabled: false });
      const admins = snap.roles.find((x) => x.name === '主管理员')!;
      expect(local.roleList.find((x) => x.roleId === tagRoleId('corps.TestDDCorp', String(admins.id)))!.name).toBe('默认/主管理员');
      expect((await f.corp.getRootDept()).name.value).toBe(snap.departments.find((d) => d.dept_id === 1)!.name);
    });

    it('a re-sync with nothing changed writes no row', async () => {
      const r = await f.corp.syncCorp();
      expect(r).toMatchObject({ status: 'succeeded', rowsWritten: 0, changes: [] });
    });

    it('changes made in the DingTalk console arrive exactly', async () => {
      const snap = await f.sim.control.snapshot();
      const [changed, moved, leaver] = snap.users.slice(10);
      const newDept = (await f.sim.control.org<{ dept_id: number }>('v2/department/create', { name: '创新实验室', parent_id: 1 })).result
        .dept_id;
      await f.sim.control.org('v2/user/update', { userid: changed!.userid, title: '首席架构师', name: '新名字' });
      await f.sim.control.org('v2/user/update', { userid: moved!.userid, dept_id_list: String(newDept) });
      await f.sim.control.org('v2/user/delete', { userid: leaver!.userid });
      await f.sim.control.org('v2/user/create', { userid: 'dt.fresh', name: '新人', mobile: '13811112222', dept_id_list: String(newDept) });
      const renamed = snap.departments.find((d) => d.parent_id === 1)!;
      await f.sim.control.org('v2/department/update', { dept_id: renamed.dept_id, name: `${renamed.name}二部` });
      const r = await f.corp.syncCorp();
      expect(r.counts).toMatchObject({ membersAdded: 1, membersResigned: 1, membersUpdated: 2, deptsCreated: 1, deptsRenamed: 1 });
      expect(r.changes.find((c) => c.id === changed!.userid)!.detail).toContain('name: ');
      expect((await f.corp.getMember(moved!.userid))!.departments.map((d) => d.deptId)).toEqual([String(newDept)]);
      expect((await f.corp.syncCorp()).rowsWritten).toBe(0);
    });

    it('a narrowed contact scope would resign most members: the guard stops it and nothing changes', async () => {
      const before = await checksum();
      await f.sim.control.setScope([2]);
      try {
        const err = await f.corp.syncCorp().catch((e: unknown) => e);
        expect(isJitError(err, 'SYNC_GUARD')).toBe(true);
        expect(reportOf(err)!.counts.membersResigned).toBeGreaterThan(0);
        expect(await checksum()).toEqual(before);
      } finally {
        await f.sim.control.setScope(null);
      }
    });

    it('a DingTalk fault during the read leaves the pool as it was', async () => {
      const before = await checksum();
      await f.sim.control.fault({ api: 'v2/user/list', kind: 'errcode', errcode: 60011, times: 1 });
      const err = await f.corp.syncCorp().catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'DINGTALK_API', errcode: 60011 });
      expect(await checksum()).toEqual(before);
      await f.sim.control.clearFaults();
    });

    it("the seed's methods work on a DingTalk corp: roles, admins, signature, bulkRegister, corp info without secrets", async () => {
      const someone = (await f.corp.getLocalCorpData()).userList[3]!;
      await f.corp.createRole({ roleId: 'dd.reviewer', name: 'Reviewer' });
      await f.corp.setUserRole(someone.memberId, ['dd.reviewer']);
      expect((await f.corp.getMember(someone.memberId))!.roles.map((r) => r.roleId)).toContain('dd.reviewer');
      await f.corp.setAdmin([someone.memberId]);
      expect(await f.corp.getAdmin()).toEqual([someone.memberId]);
      await f.corp.saveUserSignature(someone.memberId, 'hello');
      expect((await f.corp.getUserSignature(someone.memberId)).signature).toBe('hello');
      const third = await f.corp.getThirdCorpData();
      expect(Object.keys(third.userDict)).toHaveLength((await f.sim.control.snapshot()).users.length);
      const bulk = await f.corp.bulkRegister(third);
      expect(bulk).toMatchObject({ status: 'succeeded', rowsWritten: 0, unplaced: [] });
      const info = JSON.stringify(await f.corp.getCorpInfo()) + JSON.stringify(f.corp.corpData);
      expect(info).toContain(f.sim.appKey);
      expect(info).not.toContain(f.sim.appSecret);
      expect(info).not.toContain(f.sim.aesKey);
    });
  });
}

describe.skipIf(!availability('sqlite').available)('sync.scope in a DingTalk corp config', () => {
  let f: DDFixture;
  beforeAll(async () => {
    f = await ddFixture('sqlite', { users: 120, depts: 10, seed: 12 });
  });
  afterAll(() => f?.close());

  it('only department 2 and its subtree are synced; the rest is counted as out of scope', async () => {
    const corp = f.app.getElement<DDInnerType>('corps.ScopedDDCorp');
    const snap = await f.sim.control.snapshot();
    const parent = new Map(snap.departments.map((d) => [d.dept_id, d.parent_id]));
    const under2 = (id: number): boolean => {
      for (let d: number | undefined = id; d !== undefined; d = parent.get(d)) if (d === 2) return true;
      return false;
    };
    const inScope = snap.users.filter((u) => u.dept_id_list.some(under2));
    const r = await corp.initCorp();
    expect(r.counts).toMatchObject({ membersAdded: inScope.length, membersOutOfScope: snap.users.length - inScope.length });
    const local = await corp.getLocalCorpData();
    expect(local.userList.map((u) => u.memberId).sort()).toEqual(inScope.map((u) => u.userid).sort());
  });
});

for (const kind of DB_KINDS) {
  describe.skipIf(!availability(kind).available)(`fields the app owns (sync.localFields) on ${dbTitle(kind)}`, () => {
    let f: DDFixture;
    beforeAll(async () => {
      f = await ddFixture(kind, { users: 30, depts: 4, seed: 13 });
      await f.corp.initCorp();
    });
    afterAll(() => f?.close());

    it('a local position survives syncs; the change list says "kept local value" where upstream differs', async () => {
      const u = (await f.sim.control.snapshot()).users[4]!;
      expect(await f.corp.updateMember(u.userid, { position: '本地职位' })).toEqual({ position: '本地职位' });
      expect((await f.corp.getMember(u.userid))!.position).toBe('本地职位');
      expect((await f.corp.syncCorp()).rowsWritten).toBe(0);
      await f.sim.control.org('v2/user/update', { userid: u.userid, title: '钉钉里的新职位', name: '改了名' });
      const r = await f.corp.syncCorp();
      const change = r.changes.find((c) => c.id === u.userid)!;
      expect(change).toMatchObject({ kind: 'member.updated', detail: expect.stringContaining('kept local value: position') });
      expect(change.detail).toContain('name: ');
      expect(await f.corp.getMember(u.userid)).toMatchObject({ position: '本地职位', name: '改了名' });
      expect((await f.corp.syncCorp()).rowsWritten).toBe(0);
    });

    it('refuses, naming the field, what the config does not let the app own, and unknown members; nothing changes', async () => {
      const u = (await f.sim.control.snapshot()).users[5]!;
      const before = await f.corp.getMember(u.userid);
      expect(await f.corp.updateMember(u.userid, { position: 'x', mobile: '1' }).catch((e: unknown) => e)).toMatchObject({
        code: 'INVALID_ARGUMENT',
        message: expect.stringContaining('mobile is not in this corp'),
      });
      expect(await f.corp.updateMember('nobody', { position: 'x' }).catch((e: unknown) => e)).toMatchObject({ code: 'MEMBER_NOT_FOUND' });
      expect(await f.corp.getMember(u.userid)).toEqual(before);
    });
  });
}

describe.skipIf(!availability('sqlite').available)('corp.on: in-process notifications after commit', () => {
  let f: DDFixture;
  beforeAll(async () => {
    f = await ddFixture('sqlite', { users: 30, depts: 4, seed: 14 });
    await f.corp.initCorp();
  });
  afterAll(() => f?.close());

  it('listeners get each change after the commit, by name or family; a throwing one does not stop the rest', async () => {
    const seen: string[] = [];
    const stop = f.corp.on('member.*', (n) => void seen.push(`${n.event} ${n.change!.id}`));
    f.corp.on('department.*', () => {
      throw new Error('a broken listener');
    });
    f.corp.on('department.created', async (n) => {
      // Called after the commit: the department is already in the pool.
      const local = await f.corp.getLocalCorpData();
      seen.push(`${n.event} ${local.deptList.some((d) => d.deptId === n.change!.id)}`);
    });
    const u = (await f.sim.control.snapshot()).users[3]!;
    await f.sim.control.org('v2/user/update', { userid: u.userid, title: '通知' });
    await f.sim.control.org('v2/department/create', { name: '通知部门', parent_id: 1 });
    await f.corp.syncCorp({ dryRun: true });
    expect(seen).toEqual([]);
    await f.corp.syncCorp();
    // Change-list order: departments, then members.
    expect(seen).toEqual(['department.created true', `member.updated ${u.userid}`]);
    stop();
    await f.sim.control.org('v2/user/update', { userid: u.userid, title: '不再通知' });
    await f.corp.syncCorp();
    expect(seen).toHaveLength(2);
  });

  it('a guarded run is one sync.guarded notification', async () => {
    const got: string[] = [];
    f.corp.on('sync.*', (n) => void got.push(`${n.event} ${n.error?.code}`));
    await f.sim.control.setScope([2]);
    await f.corp.syncCorp().catch(() => undefined);
    await f.sim.control.setScope(null);
    expect(got).toEqual(['sync.guarded SYNC_GUARD']);
  });
});
