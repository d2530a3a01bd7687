import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availability } from '@jitkit/testing';
import { ddFixture, type DDFixture } from './helpers.js';

// Issue 16: at DingTalk's 20 calls a second per API, one v2/user/get per member applies at most
// 20 members a second. An event batch naming several members of one department reads its
// v2/user/list pages instead, with the same result.
describe.skipIf(!availability('sqlite').available)('DingTalk event batches read shared departments with v2/user/list', () => {
  let f: DDFixture;
  beforeAll(async () => {
    f = await ddFixture('sqlite', { users: 40, depts: 3, seed: 7 });
    await f.corp.initCorp();
  });
  afterAll(async () => {
    await f?.close();
  });

  it('one list for the members of a department, v2/user/get for the one alone and the one gone', async () => {
    const { users } = await f.sim.control.snapshot();
    const single = users.filter((u) => u.dept_id_list.length === 1);
    const byDept = new Map<number, string[]>();
    for (const u of single) byDept.set(u.dept_id_list[0]!, [...(byDept.get(u.dept_id_list[0]!) ?? []), u.userid]);
    const [[, shared], [, others]] = [...byDept].sort((a, b) => b[1].length - a[1].length) as [number, string[]][];
    expect(shared.length).toBeGreaterThanOrEqual(4);
    const [a, b, c, gone] = shared;
    const alone = others![0]!;
    for (const userid of [a, b, c, alone]) await f.sim.control.org('v2/user/update', { userid, title: `批量 ${userid}` });
    await f.sim.control.org('v2/user/delete', { userid: gone });

    const client = f.corp.getClient();
    const before = { ...client.stats.byApi };
    const report = await f.corp.applyEvents([
      { type: 'user_modify_org', userIds: [a, b, c, alone], deptIds: [], labelIds: [] },
      { type: 'user_leave_org', userIds: [gone], deptIds: [], labelIds: [] },
    ]);
    const calls = (api: string) => (client.stats.byApi[api] ?? 0) - (before[api] ?? 0);
    expect(calls('v2/user/list')).toBe(1); // a, b, c and gone's department: one page
    expect(calls('v2/user/get')).toBe(2); // alone (its department holds no other) and gone (not in the list)
    expect(report.status).toBe('succeeded');
    for (const userid of [a, b, c, alone]) expect((await f.corp.getMember(userid!))?.position).toBe(`批量 ${userid}`);
    expect((await f.corp.getMember(gone!))?.status).toBe(2);
  });
});
