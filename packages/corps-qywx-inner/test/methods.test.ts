import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspect } from 'node:util';
import { DATABASE, isJitError, loadApp } from '@jitkit/core';
import { DB_KINDS, availability, dbTitle, leakedSecrets } from '@jitkit/testing';
import { poolChecksum, tagRoleId } from '@jitkit/corps';
import { QywxInnerType } from '@jitkit/corps-qywx-inner';
import { WeComClient } from '@jitkit/wecom';
import { corpFixture, fixtureApp, type CorpFixture } from './helpers.js';

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (err) {
    return isJitError(err) ? err.code : String(err);
  }
  return undefined;
}

for (const kind of DB_KINDS) {
  describe.skipIf(!availability(kind).available)(`corps.QywxInnerType methods on ${dbTitle(kind)}`, () => {
    let f: CorpFixture;
    let someone: string;
    let other: string;
    beforeAll(async () => {
      f = await corpFixture(kind);
      await f.corp.initCorp();
      const local = await f.corp.getLocalCorpData();
      [someone, other] = local.userList.map((u) => u.memberId);
    });
    afterAll(() => f?.close());

    it('initCorp creates the corp and its root, syncs everything, and is safe to call again', async () => {
      const snap = await f.sim.control.snapshot();
      const local = await f.corp.getLocalCorpData();
      expect(local.userList.filter((u) => u.status === 1)).toHaveLength(snap.users.length);
      expect(local.deptList).toHaveLength(snap.departments.length);
      const again = await f.corp.initCorp();
      expect(again.status).toBe('succeeded');
      expect(again.rowsWritten).toBe(0);
    });

    it('getRootDept returns RowData with deptId.value and name.value', async () => {
      const root = await f.corp.getRootDept();
      expect(root.deptId.value).toBe('1');
      expect(root.name.value).toBe('示例科技有限公司');
      expect(root.toJSON()).toMatchObject({ deptId: '1', corpFullName: 'corps.TestCorp' });
    });

    it('getLocalCorpData: members, departments with paths, memberships, tag roles, bindings', async () => {
      const snap = await f.sim.control.snapshot();
      const local = await f.corp.getLocalCorpData();
      const child = snap.departments.find((d) => d.parentid !== 0 && snap.departments.find((p) => p.id === d.parentid)!.parentid !== 0)!;
      const parent = snap.departments.find((d) => d.id === child.parentid)!;
      const info = local.deptList.find((d) => d.deptId === String(child.id))!;
      expect(info.path).toBe(`示例科技有限公司/${parent.name}/${child.name}`);
      expect(info.idPath).toEqual(['1', String(parent.id), String(child.id)]);
      expect(local.deptMemberList).toHaveLength(snap.users.reduce((n, u) => n + u.department.length, 0));
      expect(
        local.roleList
          .filter((r) => r.source === 'sync')
          .map((r) => r.name)
          .sort(),
      ).toEqual(snap.tags.map((t) => t.tagname).sort());
      expect(local.thirdAuthList).toHaveLength(snap.users.length);
      const u = snap.users[7]!;
      const m = local.userList.find((x) => x.externalUserid === u.userid)!;
      expect(m).toMatchObject({
        memberId: u.userid,
        name: u.name,
        position: u.position,
        mobile: u.mobile,
        mainDeptId: String(u.main_department),
      });
      expect(local.corp).toMatchObject({ fullName: 'corps.TestCorp', externalId: f.sim.corpId, rootDeptId: '1' });
    });

    it('getThirdCorpData: userDict and deptDict keyed by WeCom id', async () => {
      const data = await f.corp.getThirdCorpData();
      const snap = await f.sim.control.snapshot();
      expect(Object.keys(data.userDict).sort()).toEqual(snap.users.map((u) => u.userid).sort());
      expect(Object.keys(data.deptDict).sort()).toEqual(snap.departments.map((d) => String(d.id)).sort());
      expect(Object.keys(data.tagDict)).toHaveLength(3);
      expect(JSON.stringify(data)).not.toContain(f.sim.secret);
    });

    it('setUserRole clears then sets, returns the rows; unknown ids change nothing', async () => {
      await f.corp.createRole({ roleId: 'role001', name: 'Reviewer' });
      await f.corp.createRole({ roleId: 'role002', name: 'Approver' });
      await f.corp.createRole({ roleId: 'role003', name: 'Auditor' });
      expect(await f.corp.setUserRole(someone, ['role001', 'role002'])).toEqual(
        expect.arrayContaining([
          { memberId: someone, roleId: 'role001', corpFullName: 'corps.TestCorp', source: 'manual' },
          { memberId: someone, roleId: 'role002', corpFullName: 'corps.TestCorp', source: 'manual' },
        ]),
      );
      const rows = await f.corp.setUserRole({ memberId: someone, roleIdList: ['role003'] });
      expect(rows.filter((r) => r.source === 'manual').map((r) => r.roleId)).toEqual(['role003']);
      const before = await poolChecksum(f.app.resolve(DATABASE));
      expect(await codeOf(f.corp.setUserRole('no-such-member', ['role001']))).toBe('MEMBER_NOT_FOUND');
      expect(await codeOf(f.corp.setUserRole(someone, ['role001', 'no-such-role']))).toBe('ROLE_NOT_FOUND');
      expect(await codeOf(f.corp.setUserRole(someone, 'role001' as unknown as string[]))).toBe('INVALID_ARGUMENT');
      expect(await codeOf(f.corp.setUserRole('', ['role001']))).toBe('INVALID_ARGUMENT');
      expect(await poolChecksum(f.app.resolve(DATABASE))).toEqual(before);
      expect((await f.corp.setUserRole(someone, [])).filter((r) => r.source === 'manual')).toEqual([]);
    });

    it('roles and role groups can be created and listed', async () => {
      const g = await f.corp.createRoleGroup({ groupId: 'g1', name: 'Finance' });
      await f.corp.createRole({ roleId: 'role010', name: 'Cashier', groupId: g.groupId });
      expect((await f.corp.listRoleGroups()).map((x) => x.groupId)).toContain('g1');
      expect((await f.corp.listRoles()).find((r) => r.roleId === 'role010')).toMatchObject({
        name: 'Cashier',
        groupId: 'g1',
        source: 'local',
      });
      expect(await codeOf(f.corp.createRole({ roleId: 'role010', name: 'dup' }))).toBe('ROLE_EXISTS');
      expect(await codeOf(f.corp.createRole({ name: 'x', groupId: 'nope' }))).toBe('ROLE_GROUP_NOT_FOUND');
      expect(await codeOf(f.corp.deleteRole(tagRoleId('corps.TestCorp', '1')))).toBe('INVALID_ARGUMENT');
      await f.corp.deleteRole('role010');
      expect((await f.corp.listRoles()).some((r) => r.roleId === 'role010')).toBe(false);
    });

    it('signatures: get, save, get; unknown member and empty signature refused', async () => {
      expect(await f.corp.getUserSignature(other)).toEqual({ memberId: other, signature: null, updatedAt: null });
      expect(await f.corp.saveUserSignature({ memberId: other, signature: 'https://example.com/signature.png' })).toEqual({
        success: true,
        memberId: other,
        signature: 'https://example.com/signature.png',
      });
      expect((await f.corp.getUserSignature(other)).signature).toBe('https://example.com/signature.png');
      expect(await codeOf(f.corp.getUserSignature('ghost'))).toBe('MEMBER_NOT_FOUND');
      expect(await codeOf(f.corp.saveUserSignature(other, ''))).toBe('INVALID_ARGUMENT');
      expect(await codeOf(f.corp.saveUserSignature(other, 42 as unknown as string))).toBe('INVALID_ARGUMENT');
    });

    it('setAdmin replaces the list after checking every id; getAdmin lists it', async () => {
      expect(await f.corp.setAdmin([someone, other])).toEqual({});
      expect(await f.corp.getAdmin()).toEqual([someone, other].sort());
      expect(await codeOf(f.corp.setAdmin([someone, 'ghost']))).toBe('MEMBER_NOT_FOUND');
      expect(await f.corp.getAdmin()).toEqual([someone, other].sort());
      await f.corp.setAdmin([other]);
      expect(await f.corp.getAdmin()).toEqual([other]);
      await f.corp.setAdmin([]);
      expect(await f.corp.getAdmin()).toEqual([]);
      expect(await codeOf(f.corp.setAdmin(null as unknown as string[]))).toBe('INVALID_ARGUMENT');
    });

    it('getCorpInfo, corpData and authConfig never hold the secret', async () => {
      const info = await f.corp.getCorpInfo();
      expect(info).toMatchObject({
        title: 'Test WeCom corp',
        fullName: 'corps.TestCorp',
        corpFullName: 'corps.TestCorp',
        corpId: f.sim.corpId,
        agentId: f.sim.agentId,
        type: 'corps.QywxInnerType',
      });
      expect(info.lastSync).toMatchObject({ status: 'succeeded' });
      const everything = [
        JSON.stringify(info),
        JSON.stringify(f.corp.corpData),
        JSON.stringify(f.corp.authConfig),
        inspect(f.corp, { depth: 4 }),
        JSON.stringify(f.corp.config),
      ].join('\n');
      expect(leakedSecrets(everything, { secret: f.sim.secret })).toEqual([]);
      expect(f.corp.authConfig).toEqual({ corpId: f.sim.corpId, agentId: f.sim.agentId, apiBaseUrl: f.sim.url, callbackConfigured: false });
      expect(f.corp.title).toBe('Test WeCom corp');
      expect(f.corp.fullName).toBe('corps.TestCorp');
      expect(f.corp.corpFullName).toBe('corps.TestCorp');
      expect(f.corp.corpData).toMatchObject({ fullName: 'corps.TestCorp', corpId: f.sim.corpId });
    });

    it('getClient returns the WeCom client, its token kept in the app database', async () => {
      const client = f.corp.getClient();
      expect(client).toBeInstanceOf(WeComClient);
      expect(f.corp.getClient()).toBe(client);
      expect((await client.departments.get(1)).id).toBe(1);
      const { corp: second } = await f.reopen();
      await second.getClient().departments.list();
      expect(second.getClient().stats.tokenFetches).toBe(0);
    });

    it('offlineMember resigns in this corp only; the same user stays active in another corp', async () => {
      const sim2 = await (await import('@jitkit/wecom-sim')).startWeComSim({ users: 60, depts: 20, tags: 3, seed: 5 });
      try {
        const app2 = await loadApp(fixtureApp, {
          env: { ...f.env, OTHER_CORP_ID: sim2.corpId, OTHER_AGENT_ID: sim2.agentId, OTHER_SECRET: sim2.secret, OTHER_API_BASE: sim2.url },
          database: f.db.url,
        });
        const otherCorp = app2.getElement<QywxInnerType>('corps.OtherCorp');
        await otherCorp.initCorp();
        const a = (await f.corp.getLocalCorpData()).userList.find((u) => u.memberId === other)!;
        const b = (await otherCorp.getLocalCorpData()).userList.find((u) => u.externalUserid === a.externalUserid)!;
        expect(b.userId).toBe(a.userId);
        await f.corp.offlineMember([other]);
        expect((await f.corp.getMember(other))!.status).toBe(2);
        expect((await otherCorp.getMember(b.memberId))!.status).toBe(1);
        await f.corp.offlineMember([]);
        expect(await codeOf(f.corp.offlineMember(['ghost']))).toBe('MEMBER_NOT_FOUND');
        // A single id instead of a list: the message says what was given.
        await expect(f.corp.offlineMember('user001' as unknown as string[])).rejects.toThrow(
          'offlineMember: memberIdList must be a list of ids, got a string ("user001")',
        );
        await app2.close();
      } finally {
        await sim2.close();
      }
    });

    it('bulkRegister adds and updates from corpData, never removes', async () => {
      const leaving = (await f.sim.control.snapshot()).users.find(
        (u) => u.userid !== f.sim.state.org.creatorUserid && u.userid !== someone,
      )!;
      await f.sim.control.org('user/delete', { userid: leaving.userid });
      await f.sim.control.org('user/create', { userid: 'bulk.new', name: '新同事', department: [1], mobile: '13700000001' });
      const data = await f.corp.getThirdCorpData();
      const report = await f.corp.bulkRegister(data);
      expect(report.counts).toMatchObject({ membersAdded: 1, membersResigned: 0 });
      expect((await f.corp.getMember(leaving.userid))!.status).toBe(1);
      expect(report.unplaced).toEqual([]);
      // Members whose departments corpData does not hold are reported, not added without one.
      const stray = { userid: 'bulk.stray', name: '无部门', department: [999_001] };
      const partly = { userid: 'bulk.partly', name: '半部门', department: [1, 999_002] };
      const odd = await f.corp.bulkRegister({ ...data, userDict: { ...data.userDict, [stray.userid]: stray, [partly.userid]: partly } });
      expect(odd.unplaced).toEqual([
        { externalId: 'bulk.stray', name: '无部门', missingDeptIds: ['999001'], registered: false },
        { externalId: 'bulk.partly', name: '半部门', missingDeptIds: ['999002'], registered: true },
      ]);
      expect(await f.corp.getMember('bulk.stray')).toBeUndefined();
      expect((await f.corp.getMember('bulk.partly'))!.departments.map((d) => d.deptId)).toEqual(['1']);
      expect(await codeOf(f.corp.bulkRegister({ nope: 1 }))).toBe('INVALID_ARGUMENT');
      expect(await codeOf(f.corp.bulkRegister({ userDict: { x: { name: 'no id' } }, deptDict: {} }))).toBe('INVALID_ARGUMENT');
      const full = await f.corp.syncCorp();
      expect(full.counts.membersResigned).toBe(2); // the member who left, and bulk.partly (never upstream)
      expect((await f.corp.getMember(leaving.userid))!.status).toBe(2);
    });

    it('the class is exported as QywxInnerType, and the instance is one', () => {
      expect(f.corp).toBeInstanceOf(QywxInnerType);
      expect(f.app.getElement('corps.QywxInnerType')).toBe(QywxInnerType);
    });
  });
}

describe('config', () => {
  it('a bad config is CONFIG_INVALID naming the field', async () => {
    const err = await loadApp(fixtureApp, { env: { CORP_ID: 'has spaces', AGENT_ID: 'abc', SECRET: 'x', API_BASE: 'ftp://nope' } }).catch(
      (e: unknown) => e as { problems: { code: string; pointer: string }[] },
    );
    expect((err as { problems: { code: string; pointer: string }[] }).problems.map((p) => [p.code, p.pointer])).toEqual([
      ['CONFIG_INVALID', '/corpId'],
      ['CONFIG_INVALID', '/agentId'],
      ['CONFIG_INVALID', '/apiBaseUrl'],
    ]);
  });
});
