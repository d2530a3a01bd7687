import { describe, expect, it } from 'vitest';
import { sim, wecom } from './helpers.js';

describe('answers look like WeCom', () => {
  it('HTTP 200 with errcode and an errmsg carrying the hint suffix', async () => {
    const s = await sim();
    const res = await fetch(`${s.url}/cgi-bin/user/get?access_token=nope&userid=x`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { errcode: number; errmsg: string };
    expect(body.errcode).toBe(40014);
    expect(body.errmsg).toMatch(
      /^invalid access_token, hint: \[\d+\], from ip: 127\.0\.0\.1, more info at https:\/\/open\.work\.weixin\.qq\.com\/devtool\/query\?e=40014$/,
    );
  });

  it('gettoken errors: 41002, 40013, 41004, 40001; the same token inside its lifetime', async () => {
    const s = await sim();
    const { raw } = wecom(s);
    expect((await raw('gettoken', {})).errcode).toBe(41002);
    expect((await raw('gettoken', { corpid: 'wrong', corpsecret: s.secret })).errcode).toBe(40013);
    expect((await raw('gettoken', { corpid: s.corpId })).errcode).toBe(41004);
    expect((await raw('gettoken', { corpid: s.corpId, corpsecret: 'bad' })).errcode).toBe(40001);
    const a = await raw('gettoken', { corpid: s.corpId, corpsecret: s.secret });
    const b = await raw('gettoken', { corpid: s.corpId, corpsecret: s.secret });
    expect(a).toMatchObject({ errcode: 0, errmsg: 'ok', expires_in: expect.any(Number) });
    expect(b.access_token).toBe(a.access_token);
    await s.control.advanceClock(7200_000);
    const c = await raw('gettoken', { corpid: s.corpId, corpsecret: s.secret });
    expect(c.access_token).not.toBe(a.access_token);
    expect((await raw('department/list', { access_token: a.access_token as string })).errcode).toBe(42001);
    expect((await raw('department/list', {})).errcode).toBe(41001);
  });

  it('malformed request JSON gives "Warning: wrong json format."', async () => {
    const s = await sim();
    const r = await wecom(s, 'contacts').call('department/create', {}, '{"name": ');
    expect(r.errmsg).toContain('Warning: wrong json format.');
  });

  it('writes answer created / updated / deleted', async () => {
    const s = await sim();
    const { call } = wecom(s, 'contacts');
    const created = await call('department/create', {}, { name: 'A', parentid: 1 });
    expect(created).toMatchObject({ errcode: 0, errmsg: 'created', id: expect.any(Number) });
    expect(await call('department/update', {}, { id: created.id, name: 'B' })).toMatchObject({ errmsg: 'updated' });
    expect(await call('department/delete', { id: created.id as number })).toMatchObject({ errmsg: 'deleted' });
  });
});

describe('department rules', () => {
  it('names: 1-64 characters, none of \\:*?"<>|, unique among siblings', async () => {
    const s = await sim();
    const { call } = wecom(s, 'contacts');
    expect((await call('department/create', {}, { name: '', parentid: 1 })).errcode).toBe(60009);
    expect((await call('department/create', {}, { name: '部'.repeat(65), parentid: 1 })).errcode).toBe(60009);
    expect((await call('department/create', {}, { name: '部'.repeat(64), parentid: 1 })).errcode).toBe(0);
    for (const ch of ['\\', ':', '*', '?', '"', '<', '>', '|'])
      expect((await call('department/create', {}, { name: `a${ch}b`, parentid: 1 })).errcode).toBe(60009);
    expect((await call('department/create', {}, { name: 'Twin', parentid: 1 })).errcode).toBe(0);
    expect((await call('department/create', {}, { name: 'Twin', parentid: 1 })).errcode).toBe(60008);
  });

  it('ids: explicit id > 1 and unused; parent must exist; no cycles', async () => {
    const s = await sim({ depts: 3 });
    const { call } = wecom(s, 'contacts');
    expect((await call('department/create', {}, { name: 'x', parentid: 1, id: 1 })).errcode).toBe(60123);
    expect((await call('department/create', {}, { name: 'x', parentid: 1, id: 2 })).errcode).toBe(60008);
    expect((await call('department/create', {}, { name: 'x', parentid: 4040 })).errcode).toBe(60004);
    const a = (await call('department/create', {}, { name: 'a', parentid: 1, id: 500 })).id as number;
    const b = (await call('department/create', {}, { name: 'b', parentid: a, id: 501 })).id as number;
    expect((await call('department/update', {}, { id: a, parentid: b })).errcode).toBe(60010);
    expect((await call('department/update', {}, { id: 1, parentid: a })).errcode).toBe(60007);
    expect((await call('department/update', {}, { id: 9999, name: 'z' })).errcode).toBe(60003);
    expect((await call('department/create', {}, { name: 'o', parentid: 1, order: 2 ** 32 })).errcode).toBe(40058);
  });

  it('depth is at most 15', async () => {
    const s = await sim({ depts: 1, users: 1 });
    const { call } = wecom(s, 'contacts');
    let parent = 1;
    for (let level = 2; level <= 15; level++)
      parent = (await call('department/create', {}, { name: `L${level}`, parentid: parent })).id as number;
    expect((await call('department/create', {}, { name: 'L16', parentid: parent })).errcode).toBe(60002);
    const side = (await call('department/create', {}, { name: 'side', parentid: 1 })).id as number;
    await call('department/create', {}, { name: 'kid', parentid: side });
    // Moving a two-level subtree under level 14 would make it 16 deep.
    expect((await call('department/update', {}, { id: side, parentid: parent - 1 })).errcode).toBe(60002);
  });

  it('delete is refused for the root (60007), with members (60005), with children (60006)', async () => {
    const s = await sim({ users: 10, depts: 3 });
    const { call } = wecom(s, 'contacts');
    expect((await call('department/delete', { id: 1 })).errcode).toBe(60007);
    const parent = (await call('department/create', {}, { name: 'p', parentid: 1 })).id as number;
    await call('department/create', {}, { name: 'c', parentid: parent });
    expect((await call('department/delete', { id: parent })).errcode).toBe(60006);
    const staffed = (await call('department/create', {}, { name: 's', parentid: 1 })).id as number;
    await call('user/create', {}, { userid: 'stay', name: 'Stay', department: [staffed] });
    expect((await call('department/delete', { id: staffed })).errcode).toBe(60005);
    expect((await call('department/delete', { id: 31337 })).errcode).toBe(60003);
  });
});

describe('member rules', () => {
  it('userid: 1-64 of [0-9A-Za-z_-@.], alphanumeric first, unique case-insensitively', async () => {
    const s = await sim();
    const { call } = wecom(s, 'contacts');
    for (const bad of ['', '_lead', 'has space', 'ä', 'x'.repeat(65), 'a/b'])
      expect((await call('user/create', {}, { userid: bad, name: 'N', department: [1] })).errcode).toBe(40003);
    expect((await call('user/create', {}, { userid: 'A.b-c_d@e', name: 'ok', department: [1] })).errcode).toBe(0);
    expect((await call('user/create', {}, { userid: 'a.B-C_D@E', name: 'dup', department: [1] })).errcode).toBe(60102);
    expect((await call('user/create', {}, { userid: 'x'.repeat(64), name: 'long', department: [1] })).errcode).toBe(0);
  });

  it('name 1-64 characters; departments exist and number at most 100; aligned arrays', async () => {
    const s = await sim();
    const { call } = wecom(s, 'contacts');
    expect((await call('user/create', {}, { userid: 'n1', name: '', department: [1] })).errcode).toBe(60112);
    expect((await call('user/create', {}, { userid: 'n1', name: '名'.repeat(65), department: [1] })).errcode).toBe(60112);
    expect((await call('user/create', {}, { userid: 'n1', name: 'N', department: [4242] })).errcode).toBe(60003);
    expect((await call('user/create', {}, { userid: 'n1', name: 'N', department: [] })).errcode).toBe(40066);
    expect((await call('user/create', {}, { userid: 'n1', name: 'N', department: Array.from({ length: 101 }, () => 1) })).errcode).toBe(
      40066,
    );
    expect((await call('user/create', {}, { userid: 'n1', name: 'N', department: [1], order: [1, 2] })).errcode).toBe(40058);
    expect((await call('user/create', {}, { userid: 'n1', name: 'N', department: [1], is_leader_in_dept: [2] })).errcode).toBe(40058);
  });

  it('mobile and email are unique within the corp', async () => {
    const s = await sim();
    const { call } = wecom(s, 'contacts');
    await call('user/create', {}, { userid: 'm1', name: 'M', department: [1], mobile: '13912345678', email: 'M1@corp.cn' });
    expect((await call('user/create', {}, { userid: 'm2', name: 'M', department: [1], mobile: '13912345678' })).errcode).toBe(60104);
    expect((await call('user/create', {}, { userid: 'm2', name: 'M', department: [1], email: 'm1@corp.cn' })).errcode).toBe(60106);
  });

  it('unknown ids: 60111 for members, 60003 for departments, 60123 for a malformed id; the creator cannot be deleted', async () => {
    const s = await sim({ users: 5 });
    const { call } = wecom(s, 'contacts');
    expect((await call('user/get', { userid: 'ghost' })).errcode).toBe(60111);
    expect((await call('user/update', {}, { userid: 'ghost', name: 'x' })).errcode).toBe(60111);
    expect((await call('user/list', { department_id: 777 })).errcode).toBe(60003);
    expect((await call('department/get', { id: 'abc' })).errcode).toBe(60123);
    expect((await call('user/delete', { userid: s.state.org.creatorUserid! })).errcode).toBe(301005);
  });

  it('list_id and writes need the contacts-sync secret (48002); list_id pages with a cursor', async () => {
    const s = await sim({ users: 25 });
    const app = wecom(s, 'app');
    expect((await app.call('user/list_id', {}, { limit: 10 })).errcode).toBe(48002);
    expect((await app.call('user/create', {}, { userid: 'z', name: 'z', department: [1] })).errcode).toBe(48002);
    const sync = wecom(s, 'contacts');
    expect((await sync.call('user/list_id', {}, { limit: 0 })).errcode).toBe(40058);
    const rows: unknown[] = [];
    let cursor = '';
    do {
      const page = await sync.call('user/list_id', {}, { cursor, limit: 10 });
      rows.push(...(page.dept_user as unknown[]));
      cursor = page.next_cursor as string;
    } while (cursor);
    expect(rows.length).toBe([...s.state.org.users.values()].reduce((n, u) => n + u.department.length, 0));
  });
});

describe('limits', () => {
  it('45009 past the per-minute limit, blocked for the block window', async () => {
    const s = await sim({ limits: { perMinute: 3, minuteBlockMs: 60_000 } });
    const { call } = wecom(s);
    for (let i = 0; i < 3; i++) expect((await call('tag/list')).errcode).toBe(0);
    expect((await call('tag/list')).errcode).toBe(45009);
    expect((await call('department/list')).errcode).toBe(0); // per API
    await s.control.advanceClock(30_000);
    expect((await call('tag/list')).errcode).toBe(45009);
    await s.control.advanceClock(31_000);
    expect((await call('tag/list')).errcode).toBe(0);
  });

  it('45033 when too many calls are in flight', async () => {
    const s = await sim({ limits: { maxConcurrent: 2 } });
    await s.control.latency(100);
    const { call } = wecom(s);
    await call('tag/list');
    const codes = (await Promise.all(Array.from({ length: 6 }, () => call('tag/list')))).map((r) => r.errcode);
    expect(codes.filter((c) => c === 45033).length).toBeGreaterThan(0);
    expect(codes.filter((c) => c === 0).length).toBeGreaterThan(0);
  });

  it('getuserinfo with a valid code is exempt', async () => {
    const s = await sim({ limits: { perMinute: 1 } });
    const { call } = wecom(s);
    const who = [...s.state.org.users.values()][0]!.userid;
    for (let i = 0; i < 3; i++) expect((await call('auth/getuserinfo', { code: await s.control.issueCode(who) })).errcode).toBe(0);
  });
});

describe('faults', () => {
  it('the next N calls fail as asked, then calls are normal again', async () => {
    const s = await sim();
    const { call } = wecom(s);
    await call('tag/list');
    await s.control.fault({ api: 'tag/list', kind: 'errcode', errcode: -1, times: 2 });
    expect((await call('tag/list')).errcode).toBe(-1);
    expect((await call('tag/list')).errcode).toBe(-1);
    expect((await call('tag/list')).errcode).toBe(0);
    await s.control.fault({ api: '*', kind: 'http500', times: 1 });
    const res = await fetch(`${s.url}/cgi-bin/tag/list`);
    expect(res.status).toBe(500);
  });
});
