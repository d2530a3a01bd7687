import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, parseDatabaseUrl } from '@jitkit/core';
import { paceMsPerCall, POOL_TABLE_NAMES as T } from '@jitkit/corps';
import { availability, DB_KINDS, dbTitle } from '@jitkit/testing';
import type { Knex } from 'knex';
import { WeComClient } from '@jitkit/wecom';
import { startWeComSim } from '@jitkit/wecom-sim';
import { readNamedMembers } from '../src/realtime/read-members.js';
import { weComReadBudget } from '../src/realtime/read-budget.js';
import { WeComSyncSource } from '../src/wecom-source.js';
import { deptFromWeCom, memberFromWeCom } from '../src/mapping.js';
import { corpFixture, type CorpFixture } from './helpers.js';

// Issue 16: an event batch reads several members of one department with one user/list, and
// whatever that list does not show (moved, gone, new) with user/get: the same answer as one
// user/get each, for fewer calls of WeCom's per-minute budget.
describe('what a call costs of the read budget', () => {
  it('is nothing with half the budget or more left, then the pace times (half - left) / left, and nothing without a limit', () => {
    const refillPerSecond = 300; // 18,000 a minute: a pace of 3.3 ms
    expect(paceMsPerCall({ left: 1, refillPerSecond })).toBe(0);
    expect(paceMsPerCall({ left: 0.5, refillPerSecond })).toBe(0);
    expect(paceMsPerCall({ left: 0.4, refillPerSecond })).toBeCloseTo(1000 / 300 / 4, 3);
    expect(paceMsPerCall({ left: 0.25, refillPerSecond })).toBeCloseTo(1000 / 300, 3);
    expect(paceMsPerCall({ left: 0.1, refillPerSecond })).toBeCloseTo((4 * 1000) / 300, 3);
    // Spent: divided by 1% rather than nothing, so it stays finite (the applier's wait is bounded too).
    expect(paceMsPerCall({ left: 0, refillPerSecond })).toBeCloseTo((50 * 1000) / 300, 3);
    expect(paceMsPerCall({ left: 0.1, refillPerSecond: Infinity })).toBe(0);
  });

  it("is the tighter of WeCom's minute and hour budgets, for user/get and user/list together", async () => {
    const sim = await startWeComSim({ users: 5, depts: 1 });
    try {
      const client = new WeComClient({
        corpId: sim.corpId,
        secret: sim.secret,
        baseUrl: sim.url,
        rateLimit: { perMinute: 100, perHour: 200 },
      });
      const { users } = await sim.control.snapshot();
      expect(weComReadBudget(client)).toEqual({ left: 1, refillPerSecond: 200 / 60 });
      // 60 user/get: the minute has 140 of 200 left (0.7), the hour 340 of 400 (0.85); neither paces yet.
      for (let i = 0; i < 60; i++) await client.users.get(users[0]!.userid);
      expect(weComReadBudget(client)).toEqual({ left: 0.7, refillPerSecond: 200 / 60 });
      // 60 more of user/list: the minute 80 of 200 (0.4, its pace 300 ms × 0.1 / 0.4), the hour 280 of 400 (0.7: none).
      for (let i = 0; i < 60; i++) await client.users.list(1);
      expect(weComReadBudget(client).left).toBeCloseTo(0.4, 5);
      // An hour's budget spent past half while the minute's is not: its slower refill paces.
      const hourly = new WeComClient({
        corpId: sim.corpId,
        secret: sim.secret,
        baseUrl: sim.url,
        rateLimit: { perMinute: 200, perHour: 100 },
      });
      for (let i = 0; i < 100; i++) await hourly.users.get(users[0]!.userid);
      for (let i = 0; i < 10; i++) await hourly.users.list(1);
      expect(weComReadBudget(hourly)).toEqual({ left: 0.45, refillPerSecond: 200 / 3600 });
      await Promise.all([client.close(), hourly.close()]);
    } finally {
      await sim.close();
    }
  });
});

for (const kind of DB_KINDS) {
  describe.skipIf(!availability(kind).available)(`reading the members an event batch names, on ${dbTitle(kind)}`, () => {
    let f: CorpFixture;
    let knex: Knex;
    let corpId: number;
    beforeAll(async () => {
      f = await corpFixture(kind, { users: 60, depts: 6, tags: 1 });
      await f.corp.initCorp();
      knex = createDatabase(parseDatabaseUrl(f.db.url, process.cwd()));
      corpId = (await knex(T.corps).where({ full_name: 'corps.TestCorp' }).first('id')).id;
    });
    afterAll(async () => {
      await knex?.destroy();
      await f?.close();
    });

    it('lists a department for the members the pool has there, and reads the moved, the gone and the new one by one', async () => {
      const { users, departments } = await f.sim.control.snapshot();
      const active = users.filter((u) => u.status === 1 && u.department.length === 1);
      const byDept = new Map<number, typeof active>();
      for (const u of active) byDept.set(u.department[0]!, [...(byDept.get(u.department[0]!) ?? []), u]);
      const [dept, inDept] = [...byDept].sort((a, b) => b[1].length - a[1].length)[0]!;
      expect(inDept.length).toBeGreaterThanOrEqual(4);
      const [a, b, moved, gone] = inDept.map((u) => u.userid);
      const other = departments.find((d) => d.id !== dept && d.id !== 1)!.id;
      await f.sim.control.org('user/update', { userid: moved, department: [other] });
      await f.sim.control.org('user/delete', { userid: gone });
      await f.sim.control.org('user/create', { userid: 'newcomer-rm', name: '新人', department: [other] });

      const client = f.corp.getClient();
      const before = { ...client.stats.byApi };
      const ids = [a!, b!, moved!, gone!, 'newcomer-rm'];
      // A call worth no member read: departments are listed one by one, never a subtree.
      const read = await readNamedMembers(client, ids, { db: knex, corpId }, { 'newcomer-rm': [String(other)] }, 0);
      const calls = (api: string) => (client.stats.byApi[api] ?? 0) - (before[api] ?? 0);
      expect(calls('user/list')).toBe(1); // the pool's department of a, b, moved and gone
      expect(calls('user/get')).toBe(3); // moved, gone, and the newcomer (alone in its department)
      expect(read.map((m) => m.userid).sort()).toEqual([a, b, moved, 'newcomer-rm'].sort());
      // What the list gave is what user/get gives (without the answer's envelope).
      const member = (m: object) => {
        const { errcode: _code, errmsg: _msg, ...rest } = m as Record<string, unknown>;
        return rest;
      };
      for (const m of read) expect(member(m)).toEqual(member(await client.users.get(m.userid)));
      expect(read.find((m) => m.userid === moved)!.department).toEqual([other]);
    });

    it('reads several departments of one subtree with one user/list of it (fetch_child=1) when a call is worth more than the extra members', async () => {
      // A subtree of its own: P with two children, three members; a fourth department outside it.
      const org = (api: string, body: Record<string, unknown>) => f.sim.control.org(api, body);
      await org('department/create', { id: 901, name: '子树P', parentid: 1 });
      await org('department/create', { id: 902, name: '子树C1', parentid: 901 });
      await org('department/create', { id: 903, name: '子树C2', parentid: 901 });
      await org('department/create', { id: 904, name: '子树外', parentid: 1 });
      for (const [userid, dept] of [
        ['st-a', 902],
        ['st-b', 902],
        ['st-c', 903],
      ] as const)
        await org('user/create', { userid, name: userid, department: [dept] });
      await f.corp.syncCorp({ force: true });
      // st-b leaves the subtree upstream; the pool still has it in C1.
      await org('user/update', { userid: 'st-b', department: [904] });

      const client = f.corp.getClient();
      const before = { ...client.stats.byApi };
      const ids = ['st-a', 'st-b', 'st-c'];
      // Its own connection: the tree a connection read for the earlier tests is cached for a minute.
      const db = createDatabase(parseDatabaseUrl(f.db.url, process.cwd()));
      const read = await readNamedMembers(client, ids, { db, corpId }, {}, 1_000).finally(() => db.destroy());
      const calls = (api: string) => (client.stats.byApi[api] ?? 0) - (before[api] ?? 0);
      expect(calls('user/list')).toBe(1); // P and below: C1's and C2's members in one call
      expect(calls('user/get')).toBe(1); // st-b, not in P any more
      expect(read.map((m) => m.userid).sort()).toEqual(ids);
      expect(read.find((m) => m.userid === 'st-b')!.department).toEqual([904]);
      expect(read.find((m) => m.userid === 'st-c')!.department).toEqual([903]);
    });

    it("with under half of user/get's minute left, members alone in their department are read by listing it", async () => {
      const { users } = await f.sim.control.snapshot();
      const loneByDept = new Map<number, string>();
      for (const u of users) if (u.status === 1 && u.department.length === 1) loneByDept.set(u.department[0]!, u.userid);
      const ids = [...loneByDept.values()].slice(0, 4);
      expect(ids).toHaveLength(4);
      const read = async (client: WeComClient) => {
        const before = { ...client.stats.byApi };
        const members = await readNamedMembers(client, ids, { db: knex, corpId }, {}, 0);
        const calls = (api: string) => (client.stats.byApi[api] ?? 0) - (before[api] ?? 0);
        return { userids: members.map((m) => m.userid).sort(), get: calls('user/get'), list: calls('user/list') };
      };
      const client = () =>
        new WeComClient({ corpId: f.sim.corpId, secret: f.sim.secret, baseUrl: f.sim.url, rateLimit: { perMinute: 20 } });
      // A fresh budget: one user/get each.
      expect(await read(client())).toEqual({ userids: [...ids].sort(), get: 4, list: 0 });
      // 12 of 20 user/get left: 4 more would leave 8, under half, while user/list has all 20.
      const spent = client();
      for (let i = 0; i < 8; i++) await spent.users.get(ids[0]!);
      expect(await read(spent)).toEqual({ userids: [...ids].sort(), get: 0, list: 4 });
      expect(spent.budget('user/get').left).toBe(12);
    });

    it('reads many named departments with one department/list, and a department not in it is gone', async () => {
      for (let id = 910; id < 928; id++) await f.sim.control.org('department/create', { id, name: `批量${id}`, parentid: 1 });
      const { departments } = await f.sim.control.snapshot();
      const ids = [...departments.map((d) => String(d.id)), '999'];
      expect(ids.length).toBeGreaterThanOrEqual(20);
      const client = f.corp.getClient();
      const source = new WeComSyncSource(client, { member: memberFromWeCom, dept: deptFromWeCom }, { tags: false });
      const before = { ...client.stats.byApi };
      const read = await source.fetch({ depts: ids });
      const calls = (api: string) => (client.stats.byApi[api] ?? 0) - (before[api] ?? 0);
      expect(calls('department/list')).toBe(1);
      expect(calls('department/get')).toBe(0);
      expect(read.depts.map((d) => d.externalId).sort()).toEqual(ids.filter((id) => id !== '999').sort());
      for (const d of read.depts.slice(0, 5)) expect(d).toEqual(deptFromWeCom(await client.departments.get(Number(d.externalId))));
    });

    it('without the pool (or for one member) reads each with user/get', async () => {
      const { users } = await f.sim.control.snapshot();
      const ids = users
        .filter((u) => u.status === 1)
        .slice(0, 3)
        .map((u) => u.userid);
      const client = f.corp.getClient();
      const before = { ...client.stats.byApi };
      expect(await readNamedMembers(client, ids)).toHaveLength(3);
      expect((client.stats.byApi['user/get'] ?? 0) - (before['user/get'] ?? 0)).toBe(3);
      expect(client.stats.byApi['user/list'] ?? 0).toBe(before['user/list'] ?? 0);
    });
  });
}
