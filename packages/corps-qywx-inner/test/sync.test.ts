import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DATABASE, isJitError, loadApp, systemClock } from '@jitkit/core';
import { LeaseLock, poolChecksum, runChanges, tagRoleId, type SyncReport } from '@jitkit/corps';
import { DB_KINDS, availability, dbTitle } from '@jitkit/testing';
import type { QywxInnerType } from '@jitkit/corps-qywx-inner';
import { corpFixture, demoApp, type CorpFixture } from './helpers.js';

async function failure(p: Promise<unknown>): Promise<{ code: string; message: string; details: Record<string, unknown> }> {
  try {
    await p;
  } catch (err) {
    if (isJitError(err)) return { code: err.code, message: err.message, details: err.details as Record<string, unknown> };
    throw err;
  }
  throw new Error('expected a failure');
}

const kinds = (r: SyncReport) => r.changes.map((c) => c.kind);

for (const kind of DB_KINDS) {
  describe.skipIf(!availability(kind).available)(`sync on ${dbTitle(kind)}`, () => {
    let f: CorpFixture;
    const checksum = () => poolChecksum(f.app.resolve(DATABASE));
    beforeAll(async () => {
      f = await corpFixture(kind, { users: 80, depts: 25, tags: 3, seed: 11 });
      await f.corp.initCorp();
    });
    afterAll(() => f?.close());
    beforeEach(async () => {
      await f.sim.control.clearFaults();
      await f.sim.control.configureApp({ visibleRange: { departments: [1] } });
    });

    it('a re-sync with nothing changed writes no row', async () => {
      const r = await f.corp.syncCorp();
      expect(r).toMatchObject({ status: 'succeeded', rowsWritten: 0, changes: [] });
      expect(r.upstreamCalls).toBeGreaterThan(25);
    });

    it('changed, moved, new and resigned members and department changes are applied exactly', async () => {
      const snap = await f.sim.control.snapshot();
      const users = snap.users.filter((u) => u.userid !== f.sim.state.org.creatorUserid);
      const [changed, moved, leaver] = users;
      const target = snap.departments.find((d) => !moved!.department.includes(d.id) && d.id !== 1)!;
      await f.sim.control.org('user/update', { userid: changed!.userid, position: '首席架构师', name: '新名字' });
      await f.sim.control.org('user/update', { userid: moved!.userid, department: [target.id], main_department: target.id });
      await f.sim.control.org('user/delete', { userid: leaver!.userid });
      await f.sim.control.org('user/create', { userid: 'fresh.hire', name: '新人', department: [target.id], mobile: '13811112222' });
      const newDept = (await f.sim.control.org('department/create', { name: '创新实验室X', parentid: 1 })).id as number;
      const renamed = snap.departments.find((d) => d.parentid === 1)!;
      await f.sim.control.org('department/update', { id: renamed.id, name: `${renamed.name}（更名）` });
      const movable = snap.departments.find((d) => d.parentid !== 1 && d.parentid !== 0)!;
      await f.sim.control.org('department/update', { id: movable.id, parentid: newDept });
      const r = await f.corp.syncCorp();
      expect(r.counts).toMatchObject({
        membersAdded: 1,
        membersResigned: 1,
        deptsCreated: 1,
        deptsRenamed: 1,
        deptsMoved: 1,
        deptsRemoved: 0,
      });
      expect(r.counts.membersUpdated).toBeGreaterThanOrEqual(2);
      const detail = r.changes.find((c) => c.kind === 'member.updated' && c.id === changed!.userid)!.detail!;
      expect(detail).toContain('position: ');
      expect(detail).toContain('-> 首席架构师');
      expect((await f.corp.getMember(moved!.userid))!.departments.map((d) => d.deptId)).toEqual([String(target.id)]);
      expect((await f.corp.getMember(leaver!.userid))!.status).toBe(2);
      expect((await f.corp.getMember('fresh.hire'))!.status).toBe(1);
      const local = await f.corp.getLocalCorpData();
      expect(local.deptList.find((d) => d.deptId === String(movable.id))!.idPath).toEqual(['1', String(newDept), String(movable.id)]);
      // Removing the now-empty department.
      await f.sim.control.org('department/update', { id: movable.id, parentid: 1 });
      await f.sim.control.org('department/delete', { id: newDept });
      const r2 = await f.corp.syncCorp();
      expect(r2.counts).toMatchObject({ deptsRemoved: 1, deptsMoved: 1 });
      expect(kinds(r2)).toContain('dept.removed');
    });

    it('a change of k members writes rows in proportion to k', async () => {
      const users = (await f.sim.control.snapshot()).users.slice(10, 15);
      for (const u of users) await f.sim.control.org('user/update', { userid: u.userid, position: `P-${u.userid}` });
      const r = await f.corp.syncCorp();
      expect(r.counts.membersUpdated).toBe(5);
      // per member: the member row, its user row, its (replaced) memberships
      expect(r.rowsWritten).toBeLessThanOrEqual(5 * 6);
      expect(r.rowsWritten).toBeGreaterThanOrEqual(10);
    });

    it('a userid renamed in WeCom keeps the person: memberId, roles, signature', async () => {
      const u = (await f.sim.control.snapshot()).users.find(
        (x) => x.mobile && x.userid !== f.sim.state.org.creatorUserid && !x.userid.startsWith('fresh'),
      )!;
      await f.corp.createRole({ roleId: `r-${u.userid}`, name: 'Keeper' });
      await f.corp.setUserRole(u.userid, [`r-${u.userid}`]);
      await f.corp.saveUserSignature(u.userid, 'https://example.com/s.png');
      await f.sim.control.org('user/update', { userid: u.userid, new_userid: `${u.userid}.renamed` });
      const r = await f.corp.syncCorp();
      expect(r.counts).toMatchObject({ membersRenamed: 1, membersAdded: 0, membersResigned: 0 });
      expect(r.changes.find((c) => c.kind === 'member.renamed')).toMatchObject({
        id: u.userid,
        externalId: `${u.userid}.renamed`,
        detail: `${u.userid} -> ${u.userid}.renamed`,
      });
      expect(await f.corp.memberIdOf(`${u.userid}.renamed`)).toBe(u.userid);
      const m = (await f.corp.getMember(u.userid))!;
      expect(m).toMatchObject({ status: 1, externalUserid: `${u.userid}.renamed` });
      expect(m.roles.map((x) => x.roleId)).toContain(`r-${u.userid}`);
      expect((await f.corp.getUserSignature(u.userid)).signature).toBe('https://example.com/s.png');
    });

    it('a member who leaves and comes back keeps memberId, roles and signature', async () => {
      const u = (await f.sim.control.snapshot()).users.find(
        (x) => x.userid !== f.sim.state.org.creatorUserid && !x.userid.includes('renamed') && !x.userid.startsWith('fresh'),
      )!;
      await f.corp.createRole({ roleId: `back-${u.userid}`, name: 'Returning' });
      await f.corp.setUserRole(u.userid, [`back-${u.userid}`]);
      await f.corp.saveUserSignature(u.userid, 'https://example.com/back.png');
      await f.sim.control.org('user/delete', { userid: u.userid });
      expect((await f.corp.syncCorp()).counts.membersResigned).toBe(1);
      await f.sim.control.org('user/create', { userid: u.userid, name: u.name, department: u.department, status: 1 });
      const r = await f.corp.syncCorp();
      expect(r.counts).toMatchObject({ membersReactivated: 1, membersAdded: 0 });
      const m = (await f.corp.getMember(u.userid))!;
      expect(m.status).toBe(1);
      expect(m.roles.map((x) => x.roleId)).toContain(`back-${u.userid}`);
      expect((await f.corp.getUserSignature(u.userid)).signature).toBe('https://example.com/back.png');
    });

    it('tags are roles; tag membership changes are role membership changes', async () => {
      const snap = await f.sim.control.snapshot();
      const tag = snap.tags[0]!;
      const outsider = snap.users.find((u) => !tag.users.includes(u.userid))!;
      const insider = tag.users[0]!;
      await f.sim.control.org('tag/addtagusers', { tagid: tag.tagid, userlist: [outsider.userid] });
      await f.sim.control.org('tag/deltagusers', { tagid: tag.tagid, userlist: [insider] });
      await f.sim.control.org('tag/update', { tagid: tag.tagid, tagname: `${tag.tagname}二` });
      const r = await f.corp.syncCorp();
      expect(r.counts).toMatchObject({ roleMembershipsAdded: 1, roleMembershipsRemoved: 1, rolesRenamed: 1 });
      const roleId = tagRoleId('corps.TestCorp', String(tag.tagid));
      const members = (await f.corp.getLocalCorpData()).roleMemberSet.filter((x) => x.roleId === roleId).map((x) => x.memberId);
      expect(members).toContain(await f.corp.memberIdOf(outsider.userid));
      expect(members).not.toContain(await f.corp.memberIdOf(insider));
    });

    it('the guard stops a sync that would resign too many (visible range cut) and changes nothing', async () => {
      const snap = await f.sim.control.snapshot();
      const small = snap.departments.find((d) => d.parentid === 1)!;
      await f.sim.control.configureApp({ visibleRange: { departments: [small.id] } });
      const before = await checksum();
      const err = await failure(f.corp.syncCorp());
      expect(err.code).toBe('SYNC_GUARD');
      expect(err.message).toMatch(
        /would resign \d+ of \d+ active members \(\d+(\.\d)?%\) .*more than the allowed 20%\. Nothing was changed/,
      );
      expect(await checksum()).toEqual(before);
      const runs = await f.corp.listSyncRuns(1);
      expect(runs[0]).toMatchObject({ status: 'guarded', runId: err.details.runId });
      const dry = await f.corp.syncCorp({ dryRun: true, force: true });
      expect(dry.status).toBe('planned');
      expect(dry.counts.membersResigned).toBeGreaterThan(10);
      expect(await checksum()).toEqual(before);
    });

    it('an upstream that suddenly looks empty trips the guard', async () => {
      const empty = (await f.sim.control.org('department/create', { name: '空部门', parentid: 1 })).id as number;
      await f.sim.control.configureApp({ visibleRange: { departments: [empty] } });
      const before = await checksum();
      const err = await failure(f.corp.syncCorp());
      expect(err.code).toBe('SYNC_GUARD');
      expect(err.details).toMatchObject({ wouldResign: err.details.activeMembers });
      expect(await checksum()).toEqual(before);
      await f.sim.control.configureApp({ visibleRange: { departments: [1] } });
      await f.sim.control.org('department/delete', { id: empty });
    });

    it('an upstream that answers with errors (60011, 5xx after retries) changes nothing, and the run records the error', async () => {
      const before = await checksum();
      await f.sim.control.fault({ api: 'user/list', kind: 'errcode', errcode: 60011, times: 1 });
      expect((await failure(f.corp.syncCorp())).code).toBe('WECOM_API');
      await f.sim.control.fault({ api: 'department/list', kind: 'http500', times: 10 });
      expect((await failure(f.corp.syncCorp())).code).toBe('WECOM_PROTOCOL');
      expect(await checksum()).toEqual(before);
      const [last] = await f.corp.listSyncRuns(1);
      expect(last).toMatchObject({ status: 'failed' });
      expect(last!.error).toMatch(/^WECOM_PROTOCOL: WeCom department\/list: HTTP 500/);
    });

    it('force applies what the guard stopped', async () => {
      const snap = await f.sim.control.snapshot();
      const small = snap.departments.find((d) => d.parentid === 1)!;
      await f.sim.control.configureApp({ visibleRange: { departments: [small.id] } });
      const r = await f.corp.syncCorp({ force: true });
      expect(r).toMatchObject({ status: 'succeeded', forced: true });
      expect(r.counts.membersResigned).toBeGreaterThan(10);
      await f.sim.control.configureApp({ visibleRange: { departments: [1] } });
      const back = await f.corp.syncCorp({ force: true });
      expect(back.counts.membersReactivated).toBe(r.counts.membersResigned);
    });

    it('records every run with counts, the change list and timings', async () => {
      await f.sim.control.org('user/update', { userid: (await f.sim.control.snapshot()).users[3]!.userid, position: 'Recorded' });
      const r = await f.corp.syncCorp();
      const [run] = await f.corp.listSyncRuns(1);
      expect(run).toMatchObject({
        runId: r.runId,
        kind: 'full',
        status: 'succeeded',
        rowsWritten: r.rowsWritten,
        upstreamCalls: r.upstreamCalls,
        counts: r.counts,
      });
      expect(run!.fetchMs).toBeGreaterThanOrEqual(0);
      expect(await runChanges(f.app.resolve(DATABASE), r.runId)).toEqual(JSON.parse(JSON.stringify(r.changes)));
    });

    it('two syncs of one corp are serialised by the database lock', async () => {
      const holder = new LeaseLock(f.app.resolve(DATABASE), 'sync:corps.TestCorp', 'someone-else', systemClock, {
        leaseMs: 60_000,
        wait: false,
        waitTimeoutMs: 0,
      });
      await holder.acquire();
      try {
        const { corp: second } = await f.reopen();
        const err = await failure(second.syncCorp());
        expect(err.code).toBe('SYNC_BUSY');
        expect(err.message).toContain('someone-else');
      } finally {
        await holder.release();
      }
      expect((await f.corp.syncCorp()).status).toBe('succeeded');
    });
  });
}

describe('the demo app overrides corps.QywxInnerType', () => {
  it('maps English names into display names and the employee number into alias', async () => {
    const f = await corpFixture('sqlite', { corpId: 'ww1234567890abcdef', agentId: '1000001', users: 120, depts: 10 });
    try {
      const app = await loadApp(demoApp, {
        env: {
          WECOM_SECRET: f.sim.secret,
          WECOM_API_BASE: f.sim.url,
          WECOM_CALLBACK_TOKEN: f.sim.token,
          WECOM_CALLBACK_AES_KEY: f.sim.encodingAESKey,
          JITKIT_LOG_LEVEL: 'silent',
        },
        database: f.db.url.replace('pool.sqlite', 'demo.sqlite'),
      });
      expect(app.getElementDefine('corps.QywxInnerType')).toMatchObject({ appId: 'jitkit-demo', overrides: ['@jitkit/corps-qywx-inner'] });
      const corp = app.getElement<QywxInnerType>('corps.MyQywxCorp');
      await corp.initCorp();
      const snap = await f.sim.control.snapshot();
      const withEnglish = snap.users.find((u) => u.english_name && !/^[A-Za-z]/.test(u.name))!;
      const m = (await corp.getLocalCorpData()).userList.find((u) => u.externalUserid === withEnglish.userid)!;
      expect(m.name).toBe(`${withEnglish.name} (${withEnglish.english_name})`);
      const row = await app.resolve(DATABASE)('jk_members').where({ member_id: m.memberId }).first('alias');
      expect(row.alias).toBe(withEnglish.extattr.attrs[0]!.text!.value);
      await app.close();
    } finally {
      await f.close();
    }
  });
});
