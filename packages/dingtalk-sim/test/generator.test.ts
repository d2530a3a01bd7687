import { describe, expect, it } from 'vitest';
import { generateDtOrg, mobileOf, startDingTalkSim } from '@jitkit/dingtalk-sim';

describe('the DingTalk emulator', () => {
  it('generates the same org for the same seed, with DingTalk-legal names and one manager per department with members', () => {
    const a = generateDtOrg({ users: 2_000, depts: 100, seed: 3 });
    const b = generateDtOrg({ users: 2_000, depts: 100, seed: 3 });
    expect(b).toEqual(a);
    expect(a.depts.every((d) => !/[-,，]/.test(d.name))).toBe(true);
    expect(new Set(a.users.map((u) => u.userid)).size).toBe(2_000);
    expect(a.users[9]!.mobile).toBe(mobileOf(9)); // the WeCom emulator's person 9 has the same mobile
    const withMembers = new Set(a.users.flatMap((u) => u.dept_id_list));
    for (const d of a.depts) expect(d.dept_manager_userid_list.length).toBe(withMembers.has(d.dept_id) ? 1 : 0);
  });

  it('generates 100,000 members in a few seconds', () => {
    const t0 = Date.now();
    expect(generateDtOrg({ users: 100_000, depts: 5_000, seed: 1 }).users).toHaveLength(100_000);
    expect(Date.now() - t0).toBeLessThan(10_000);
  });

  it('applies the write APIs with their rules through the control API, and counts every call', async () => {
    const sim = await startDingTalkSim({ users: 10, depts: 3 });
    try {
      const { result } = await sim.control.org<{ dept_id: number }>('v2/department/create', { name: '研发中心', parent_id: 1 });
      await expect(sim.control.org('v2/department/create', { name: '研发中心', parent_id: 1 })).rejects.toThrow(/60008/);
      await expect(sim.control.org('v2/department/update', { dept_id: 1, parent_id: result.dept_id })).rejects.toThrow(/60018/);
      const created = await sim.control.org<{ userid: string }>('v2/user/create', {
        name: '新人',
        mobile: '13912345678',
        dept_id_list: String(result.dept_id),
      });
      await expect(sim.control.org('v2/department/delete', { dept_id: result.dept_id })).rejects.toThrow(/60005/);
      const snap = await sim.control.snapshot();
      expect(snap.users.find((u) => u.userid === created.result.userid)).toMatchObject({ active: false, dept_id_list: [result.dept_id] });
      const r = await fetch(`${sim.url}/topapi/v2/user/get?access_token=nope`, { method: 'POST', body: '{}' });
      expect(await r.json()).toMatchObject({ errcode: 88, sub_code: '40014' });
      expect((await sim.control.stats()).byApi['v2/user/get']).toBe(1);
    } finally {
      await sim.close();
    }
  });
});
