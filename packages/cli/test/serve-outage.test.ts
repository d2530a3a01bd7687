import { describe, expect, it } from 'vitest';
import { DATABASE } from '@jitkit/core';
import { availability, createTestDatabase, dbTitle, startTcpProxy } from '@jitkit/testing';
import { loginAs, me, waitFor } from './serve-attack-helpers.js';
import { serveFixture } from './serve-helpers.js';

// Issue 9, items 6 and 7: outages of the database and of WeCom.

describe(`6. a database outage is an outage, not a logout (${dbTitle('postgres')})`, () => {
  it.skipIf(!availability('postgres').available)(
    'member pages answer 503 and keep the cookie; /health is 503 degraded; all recover',
    async () => {
      const db = await createTestDatabase('postgres');
      const target = new URL(db.url);
      const proxy = await startTcpProxy(target.hostname, Number(target.port || 5432));
      const viaProxy = new URL(db.url);
      viaProxy.host = `127.0.0.1:${proxy.port}`;
      const f = await serveFixture({ users: 20, depts: 4, seed: 9 }, { adminToken: 'admin' }, {}, { db, url: viaProxy.toString() });
      try {
        const u = (await f.sim.control.snapshot()).users.find(
          (x) => x.status === 1 && x.enable === 1 && x.userid !== f.sim.state.org.creatorUserid,
        )!;
        const { session } = await loginAs(f, u.userid);
        expect((await me(f, session!)).status).toBe(200);

        await proxy.stop();
        const down = await me(f, session!);
        expect(down.status).toBe(503);
        expect(down.headers.getSetCookie().filter((c) => c.startsWith('jk_session='))).toEqual([]);
        expect(await down.text()).toContain('still logged in');
        const health = await fetch(`${f.url}/health`);
        expect(health.status).toBe(503);
        expect(await health.json()).toEqual({ status: 'degraded', checks: { database: 'down' } });

        await proxy.start();
        await waitFor('the member page to come back', async () => (await me(f, session!)).status === 200);
        expect((await fetch(`${f.url}/health`)).status).toBe(200);
      } finally {
        await proxy.start().catch(() => undefined);
        await f.close();
        await proxy.close();
      }
    },
  );
});

describe('7. no event is lost to an upstream outage', () => {
  it('events whose re-read fails stay pending, are retried with backoff, and are applied once WeCom is back', async () => {
    const f = await serveFixture(
      { users: 30, depts: 5, seed: 12 },
      { realtimeOptions: { pollMs: 50, retryDelayMs: 100, maxRetryDelayMs: 300 } },
    );
    try {
      const db = f.app.resolve(DATABASE);
      const u = (await f.sim.control.snapshot()).users.find((x) => x.userid !== f.sim.state.org.creatorUserid)!;
      await f.sim.control.fault({ api: 'user/get', kind: 'http500', times: 100_000 });
      await f.sim.control.org('user/update', { userid: u.userid, position: '停电期间的改动' });
      await f.sim.control.drainCallbacks();
      // Several failed tries, and the event is still pending: never marked applied without being applied.
      await waitFor(
        'six failed tries (more than the old give-up point)',
        async () => Number((await db('jk_events').whereNull('applied_at').max<{ a: number }[]>({ a: 'attempts' }))[0]!.a ?? 0) >= 6,
      );
      expect(
        await db('jk_events')
          .whereNotNull('applied_at')
          .count<{ n: number }[]>({ n: '*' })
          .then((r) => Number(r[0]!.n)),
      ).toBe(0);
      expect((await f.corp.getMember(u.userid))!.position).not.toBe('停电期间的改动');
      await f.sim.control.clearFaults();
      await f.settle();
      expect((await f.corp.getMember(u.userid))!.position).toBe('停电期间的改动');
    } finally {
      await f.close();
    }
  });

  it('events failing past the escalation time get a full sync of the corp, which covers them', async () => {
    const f = await serveFixture(
      { users: 30, depts: 5, seed: 13 },
      { realtimeOptions: { pollMs: 50, retryDelayMs: 50, maxRetryDelayMs: 100, escalateAfterMs: 600 } },
    );
    try {
      const u = (await f.sim.control.snapshot()).users.find((x) => x.userid !== f.sim.state.org.creatorUserid)!;
      const fullRuns = async () => (await f.corp.listSyncRuns(100)).filter((r) => r.kind === 'full' && r.status === 'succeeded').length;
      const before = await fullRuns();
      // Only the targeted re-read fails; the full sync reads members by department.
      await f.sim.control.fault({ api: 'user/get', kind: 'http500', times: 100_000 });
      await f.sim.control.org('user/update', { userid: u.userid, position: '全量同步补上' });
      await f.settle();
      expect(await fullRuns()).toBe(before + 1);
      expect((await f.corp.getMember(u.userid))!.position).toBe('全量同步补上');
      expect(f.logger.lines.some((l) => l.includes('running a full sync of the corp instead'))).toBe(true);
    } finally {
      await f.sim.control.clearFaults();
      await f.close();
    }
  });
});
