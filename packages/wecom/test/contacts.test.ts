import { describe, expect, it } from 'vitest';
import { WeComApiError } from '@jitkit/wecom';
import { client, rejection, sim } from './helpers/sim.js';

describe('departments', () => {
  it('lists, gets and simple-lists the visible tree', async () => {
    const s = await sim({ depts: 12, users: 30 });
    const c = client(s);
    const all = await c.departments.list();
    expect(all).toHaveLength(12);
    expect(all.find((d) => d.id === 1)).toMatchObject({ parentid: 0 });
    const sub = await c.departments.list(all[1]!.id);
    expect(sub.every((d) => all.some((a) => a.id === d.id))).toBe(true);
    expect((await c.departments.simpleList()).map((d) => d.id).sort()).toEqual(all.map((d) => d.id).sort());
    expect(await c.departments.get(1)).toMatchObject({ id: 1, parentid: 0 });
    expect(await rejection(c.departments.get(99_999))).toMatchObject({ errcode: 60003 });
  });

  it('creates, updates and deletes with the contacts-sync secret only', async () => {
    const s = await sim();
    const app = client(s);
    const sync = client(s, { contacts: true });
    expect(await rejection(app.departments.create({ name: 'Nope', parentid: 1 }))).toMatchObject({ errcode: 48002 });
    const id = await sync.departments.create({ name: '新部门', parentid: 1, order: 5 });
    await sync.departments.update({ id, name: '更名部门' });
    expect(await sync.departments.get(id)).toMatchObject({ name: '更名部门', parentid: 1, order: 5 });
    const child = await sync.departments.create({ name: 'Child', parentid: id, id: 777 });
    expect(child).toBe(777);
    expect(await rejection(sync.departments.delete(id))).toMatchObject({ errcode: 60006 });
    await sync.departments.delete(777);
    await sync.departments.delete(id);
    expect(await rejection(sync.departments.get(id))).toMatchObject({ errcode: 60003 });
  });
});

describe('members', () => {
  it('gets, lists and simple-lists members of a department', async () => {
    const s = await sim({ users: 40, depts: 5 });
    const c = client(s);
    const depts = await c.departments.list();
    const lists = await Promise.all(depts.map((d) => c.users.list(d.id)));
    const ids = new Set(lists.flat().map((m) => m.userid));
    expect(ids.size).toBe(40);
    const one = lists.flat()[0]!;
    expect(await c.users.get(one.userid)).toMatchObject({ userid: one.userid, name: one.name });
    const simple = await c.users.simpleList(depts[0]!.id);
    expect(simple.every((m) => typeof m.name === 'string' && Array.isArray(m.department))).toBe(true);
    const deep = await c.users.list(1, true);
    expect(new Set(deep.map((m) => m.userid)).size).toBe(40);
  });

  it('pages through list_id with the contacts-sync secret', async () => {
    const s = await sim({ users: 120, depts: 6 });
    const c = client(s, { contacts: true });
    const rows = [];
    for await (const page of c.users.listIds(50)) rows.push(page);
    expect(rows.length).toBeGreaterThanOrEqual(3);
    const snap = await s.control.snapshot();
    expect(rows.flat()).toHaveLength(snap.users.reduce((n, u) => n + u.department.length, 0));
    expect(c.stats.byApi['user/list_id']).toBe(rows.length);
  });

  it('falls back to per-department user/simplelist when list_id answers 48002', async () => {
    const s = await sim({ users: 60, depts: 6 });
    const c = client(s);
    const rows = [];
    for await (const page of c.users.listIds()) rows.push(...page);
    const snap = await s.control.snapshot();
    expect(rows).toHaveLength(snap.users.reduce((n, u) => n + u.department.length, 0));
    expect(c.stats.byApi['user/list_id']).toBe(1);
    expect(c.stats.byApi['user/simplelist']).toBe(6);
  });

  it('creates, renames, updates and deletes members', async () => {
    const s = await sim();
    const c = client(s, { contacts: true });
    await c.users.create({ userid: 'Zhang.San', name: '张三', department: [1], mobile: '13900000001', email: 'zs@example.com' });
    expect(await rejection(c.users.create({ userid: 'zhang.san', name: 'dup', department: [1] }))).toMatchObject({ errcode: 60102 });
    await c.users.update({ userid: 'zhang.san', new_userid: 'zhangsan', position: '工程师' });
    expect(await c.users.get('zhangsan')).toMatchObject({ name: '张三', position: '工程师', mobile: '13900000001' });
    expect(await rejection(c.users.get('Zhang.San'))).toMatchObject({ errcode: 60111 });
    await c.users.delete('zhangsan');
    expect(await rejection(c.users.delete('zhangsan'))).toMatchObject({ errcode: 60111 });
  });

  it('batch-deletes all or nothing', async () => {
    const s = await sim({ users: 10 });
    const c = client(s, { contacts: true });
    const ids = (await c.users.list(1, true)).map((u) => u.userid).filter((id) => id !== s.state.org.creatorUserid);
    const err = await rejection(c.users.batchDelete([ids[0]!, 'no-such-member']));
    expect(err).toMatchObject({ errcode: 40031 });
    expect(await c.users.get(ids[0]!)).toMatchObject({ userid: ids[0] });
    await c.users.batchDelete(ids.slice(0, 3));
    expect(await rejection(c.users.get(ids[0]!))).toMatchObject({ errcode: 60111 });
  });

  it('converts to an openid only for members bound to WeChat', async () => {
    const s = await sim({ users: 30 });
    const c = client(s);
    const users = [...s.state.org.users.values()];
    const bound = users.find((u) => u.wechatBound)!;
    const unbound = users.find((u) => !u.wechatBound)!;
    expect(await c.users.convertToOpenid(bound.userid)).toMatch(/^o/);
    expect(await rejection(c.users.convertToOpenid(unbound.userid))).toMatchObject({ errcode: 43004 });
  });

  it('respects the visible range (60011) and the 2022-06-20 rules', async () => {
    const s = await sim({ users: 60, depts: 10, appCreatedAfter20220620: true });
    const all = await s.control.snapshot();
    const top = all.departments.find((d) => d.parentid === 1)!;
    await s.control.configureApp({ visibleRange: { departments: [top.id] } });
    const c = client(s);
    const visible = await c.departments.list();
    expect(visible.every((d) => d.id !== 1)).toBe(true);
    expect(await rejection(c.users.list(1))).toMatchObject({ errcode: 60011 });
    const outsider = all.users.find((u) => !u.department.some((d) => visible.some((v) => v.id === d)))!;
    expect(await rejection(c.users.get(outsider.userid))).toMatchObject({ errcode: 60011 });
    const member = (await c.users.list(top.id))[0]!;
    for (const f of ['mobile', 'email', 'avatar', 'gender', 'biz_mail', 'qr_code', 'address', 'thumb_avatar'])
      expect(member).not.toHaveProperty(f);
    expect(member.name).toBeTruthy();
  });

  it('apps created after 2022-06-20 must call from a trusted IP (60020)', async () => {
    const s = await sim({ appCreatedAfter20220620: true, trustedIps: ['10.1.2.3'] });
    expect(await rejection(client(s).departments.list())).toMatchObject({ errcode: 60020 });
  });
});

describe('tags', () => {
  it('lists and reads tags, and reports partly invalid member lists', async () => {
    const s = await sim({ users: 30, tags: 3 });
    const c = client(s, { contacts: true });
    const tags = await c.tags.list();
    expect(tags).toHaveLength(3);
    const id = await c.tags.create('值班人员甲');
    await c.tags.update(id, '值班人员乙');
    const someone = (await c.users.list(1, true))[0]!.userid;
    const r = await c.tags.addMembers(id, [someone, 'ghost1', 'ghost2'], [1, 4242]);
    expect(r).toEqual({ invalidUsers: ['ghost1', 'ghost2'], invalidParties: [4242] });
    expect(await c.tags.get(id)).toEqual({
      tagname: '值班人员乙',
      userlist: [{ userid: someone, name: expect.any(String) }],
      partylist: [1],
    });
    expect(await rejection(c.tags.addMembers(id, ['ghost']))).toMatchObject({ errcode: 40070 });
    await c.tags.removeMembers(id, [someone]);
    await c.tags.delete(id);
    expect(await rejection(c.tags.get(id))).toMatchObject({ errcode: 40068 });
    expect(await rejection(c.tags.get(id))).toBeInstanceOf(WeComApiError);
  });
});
