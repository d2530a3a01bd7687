import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDingTalkSim, type DingTalkSim } from '@jitkit/dingtalk-sim';
import { DingTalkClient, DingTalkCrypto, parseEvent, readDingTalkOrganization, type DingTalkApiError } from '@jitkit/dingtalk';

// The client against the emulator over HTTP on loopback: every behaviour of docs/dingtalk-api.md it relies on.
describe('DingTalkClient against the emulator', () => {
  let sim: DingTalkSim;
  let client: DingTalkClient;
  const fast = { retry: { baseDelayMs: 5, maxDelayMs: 20 }, throttle: { waitMs: 200 } };

  beforeAll(async () => {
    sim = await startDingTalkSim({ users: 500, depts: 4, seed: 7, qps: 1000 });
    client = new DingTalkClient({
      appKey: sim.appKey,
      appSecret: sim.appSecret,
      apiBaseUrl: sim.url,
      apiV1BaseUrl: sim.url,
      qps: false,
      ...fast,
    });
  });
  afterAll(async () => {
    await client?.close();
    await sim?.close();
  });

  it('reads the whole org breadth-first: every department, every member once with all its departments, roles with members', async () => {
    const org = await readDingTalkOrganization(client);
    const snap = await sim.control.snapshot();
    expect(org.departments.map((d) => d.dept_id)).toEqual(snap.departments.map((d) => d.dept_id).sort((a, b) => a - b));
    expect(org.members.size).toBe(snap.users.length);
    for (const u of snap.users) {
      const m = org.members.get(u.userid)!;
      expect(m.memberships.map((x) => x.deptId).sort()).toEqual([...u.dept_id_list].sort());
      expect(
        m.memberships
          .filter((x) => x.leader)
          .map((x) => x.deptId)
          .sort(),
      ).toEqual(
        u.leader_in_dept
          .filter((x) => x.leader)
          .map((x) => x.dept_id)
          .sort(),
      );
      expect(m.mobile).toBe(u.mobile);
    }
    const root = org.departments.find((d) => d.dept_id === 1)!;
    expect(root.parent_id).toBeUndefined();
    expect(org.roles.find((r) => r.name === '主管理员')!.userids).toHaveLength(1);
    // A department of more than 100 members needs several pages of v2/user/list.
    const biggest = Math.max(...org.departments.map((d) => d.member_count ?? 0));
    expect(biggest).toBeGreaterThan(100);
  });

  it('hands each member over once, as soon as all its departments listed it, with what a whole read gives', async () => {
    const whole = await readDingTalkOrganization(client, { roles: false });
    let departmentsDone = 0;
    const handedAt = new Map<string, number>();
    const org = await readDingTalkOrganization(client, {
      roles: false,
      onProgress: (done) => (departmentsDone = done),
      keep: (m) => {
        expect(handedAt.has(m.userid)).toBe(false);
        handedAt.set(m.userid, departmentsDone);
        return m.userid.endsWith('0') ? undefined : { id: m.userid, depts: m.memberships.map((x) => x.deptId).sort() };
      },
    });
    expect(handedAt.size).toBe(whole.members.size);
    for (const [userid, m] of whole.members) {
      if (userid.endsWith('0')) expect(org.members.has(userid)).toBe(false);
      else expect(org.members.get(userid)).toEqual({ id: userid, depts: m.memberships.map((x) => x.deptId).sort() });
    }
    // Most were handed over while departments were still being read, not all at the end.
    const early = [...handedAt.values()].filter((d) => d < org.departments.length).length;
    expect(early).toBeGreaterThan(whole.members.size / 2);
  });

  it('shares one token, and refreshes it once when DingTalk says it is no longer valid (40014 inside errcode 88)', async () => {
    const fetches = client.stats.tokenFetches;
    await client.users.count();
    await sim.control.revokeToken();
    expect(await client.users.count()).toBeGreaterThan(0);
    expect(client.stats.tokenFetches).toBe(fetches + 1);
    expect(client.stats.tokenRefreshes).toBeGreaterThanOrEqual(1);
  });

  it('a token past its 7,200 s is refused (42001 inside errcode 88) and replaced once', async () => {
    await client.users.count();
    const fetches = client.stats.tokenFetches;
    await sim.control.advanceClock(7_300_000);
    // The client's own clock did not move: it still believes the token fresh, DingTalk says it expired.
    expect(await client.users.count()).toBeGreaterThan(0);
    expect(client.stats.tokenFetches).toBe(fetches + 1);
  });

  it('an answer with a missing or mistyped field is refused, naming the API and the field', async () => {
    const server = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        req.url!.startsWith('/gettoken')
          ? JSON.stringify({ errcode: 0, errmsg: 'ok', access_token: 'tok', expires_in: 7200 })
          : JSON.stringify({ errcode: 0, errmsg: 'ok', result: { has_more: false, list: [{ name: '无名' }] } }),
      );
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const odd = new DingTalkClient({
      appKey: 'k',
      appSecret: 's',
      apiBaseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      ...fast,
    });
    try {
      expect(await odd.users.list(1).catch((e: unknown) => e)).toMatchObject({
        code: 'DINGTALK_PROTOCOL',
        message: expect.stringContaining('v2/user/list'),
        details: { field: '/result/list/0/userid' },
      });
    } finally {
      await odd.close();
      server.close();
    }
  });

  it('a wrong appSecret is 40096 and names no secret', async () => {
    const bad = new DingTalkClient({ appKey: sim.appKey, appSecret: 'wrong-secret-value', apiBaseUrl: sim.url, ...fast });
    const err = (await bad.checkCredentials().catch((e: unknown) => e)) as DingTalkApiError;
    expect(err).toMatchObject({ code: 'DINGTALK_API', errcode: 40096 });
    expect(err.message).not.toContain('wrong-secret-value');
    await bad.close();
  });

  it('retries transient faults (-1, HTTP 500, garbled) and unwraps permission errors from errcode 88', async () => {
    await sim.control.fault({ api: 'v2/user/get', kind: 'errcode', errcode: -1, times: 1 });
    await sim.control.fault({ api: 'v2/user/get', kind: 'http500', times: 1 });
    await sim.control.fault({ api: 'v2/user/get', kind: 'malformed', times: 1 });
    const someone = (await sim.control.snapshot()).users[3]!;
    expect((await client.users.get(someone.userid)).name).toBe(someone.name);
    await sim.control.fault({ api: 'v2/user/get', kind: 'errcode', errcode: 60011, times: 1 });
    expect(await client.users.get(someone.userid).catch((e: unknown) => e)).toMatchObject({ errcode: 60011, details: { wrapper: 88 } });
    expect(await client.users.get('nobody').catch((e: unknown) => e)).toMatchObject({ errcode: 60121 });
  });

  it('ids outside the contact scope answer 50002 / 50004, and personal fields need their permission', async () => {
    const snap = await sim.control.snapshot();
    const outside = snap.users.find((u) => !u.dept_id_list.includes(1) && !u.dept_id_list.includes(2))!;
    await sim.control.setScope([2]);
    expect(await client.users.get(outside.userid).catch((e: unknown) => e)).toMatchObject({ errcode: 50002 });
    expect(await client.departments.get(3).catch((e: unknown) => e)).toMatchObject({ errcode: 50004 });
    await sim.control.setScope(null);
    await sim.control.setFieldPermissions({ mobile: false });
    const m = await client.users.get(outside.userid);
    expect(m).not.toHaveProperty('mobile');
    expect(m.email).toBe(outside.email);
    await sim.control.setFieldPermissions({});
  });

  it('keeps under the per-API QPS limit by waiting: 90018 is never met', async () => {
    const sim2 = await startDingTalkSim({ users: 30, depts: 3, qps: 10 });
    const paced = new DingTalkClient({ appKey: sim2.appKey, appSecret: sim2.appSecret, apiBaseUrl: sim2.url, qps: 10, ...fast });
    const t0 = Date.now();
    await Promise.all(Array.from({ length: 25 }, () => paced.users.count()));
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1_900);
    expect(paced.stats.throttleWaits).toBe(0);
    // Without the limit the client meets 90018, waits, and still gets every answer.
    const eager = new DingTalkClient({
      appKey: sim2.appKey,
      appSecret: sim2.appSecret,
      apiBaseUrl: sim2.url,
      qps: false,
      ...fast,
      throttle: { waitMs: 300, maxWaits: 10 },
    });
    await Promise.all(Array.from({ length: 25 }, () => eager.users.count()));
    expect(eager.stats.throttleWaits).toBeGreaterThan(0);
    await Promise.all([paced.close(), eager.close(), sim2.close()]);
  });

  it('logs a person in: web authCode -> user token -> me -> userid; H5 code -> userid; each code once', async () => {
    const u = (await sim.control.snapshot()).users[5]!;
    const code = await sim.control.loginCode(u.userid, 'web');
    const { accessToken } = await client.login.userAccessToken(code);
    const me = await client.login.me(accessToken);
    expect((await client.users.getByUnionId(me.unionId)).userid).toBe(u.userid);
    expect(await client.login.userAccessToken(code).catch((e: unknown) => e)).toMatchObject({
      errcode: 'invalidParameter.authCode.notFound',
    });
    const h5 = await sim.control.loginCode(u.userid, 'h5');
    expect((await client.users.getUserInfo(h5)).userid).toBe(u.userid);
    expect(await client.users.getUserInfo(h5).catch((e: unknown) => e)).toMatchObject({ errcode: 40078 });
  });
});

describe('HTTP push from the emulator', () => {
  let sim: DingTalkSim;
  let server: Server;
  const received: ReturnType<typeof parseEvent>[] = [];

  beforeAll(async () => {
    sim = await startDingTalkSim({ users: 20, depts: 3 });
    const crypto = new DingTalkCrypto({ token: sim.token, aesKey: sim.aesKey, ownerKey: sim.appKey });
    server = createServer(async (req, res) => {
      const q = new URL(req.url!, 'http://x').searchParams;
      let text = '';
      for await (const c of req) text += c;
      const plain = crypto.decrypt({
        signature: q.get('msg_signature')!,
        timestamp: q.get('timestamp')!,
        nonce: q.get('nonce')!,
        encrypt: JSON.parse(text).encrypt,
      });
      received.push(parseEvent(plain));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(crypto.reply(q.get('timestamp')!, q.get('nonce')!)));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  });
  afterAll(async () => {
    server?.close();
    await sim?.close();
  });

  it('check_url first, then each org change as an encrypted PascalCase event answered with the encrypted success', async () => {
    await sim.control.setPush({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/cb` });
    expect(received.map((e) => e.type)).toEqual(['check_url']);
    const u = (await sim.control.snapshot()).users[2]!;
    await sim.control.org('v2/user/update', { userid: u.userid, title: '新职位' });
    await sim.control.org('v2/department/create', { name: '新部门', parent_id: 1 });
    const log = await sim.control.pushLog();
    expect(log.map((l) => l.status)).toEqual(['delivered', 'delivered']);
    expect(received.slice(1)).toMatchObject([
      { type: 'user_modify_org', contact: true, corpId: sim.corpId, userIds: [u.userid] },
      { type: 'org_dept_create', contact: true },
    ]);
  });

  it('refuses an org change DingTalk would refuse, and pushes nothing for it', async () => {
    await expect(sim.control.org('v2/department/create', { name: 'a-b', parent_id: 1 })).rejects.toThrow(/40035/);
    await expect(sim.control.org('v2/department/delete', { dept_id: 1 })).rejects.toThrow(/60007/);
    expect((await sim.control.pushLog()).length).toBe(2);
  });
});
