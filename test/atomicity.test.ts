// Issue 5: a sync applies all of its changes or none. Every fault the emulator can inject, a
// database error in the middle of the apply, and SIGKILL at random points of a sync in a child
// process leave the pool exactly as it was (same checksum of every pool table), or, for a kill
// after the commit, exactly in sync with upstream.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE } from '@jitkit/core';
import { availability, createTestDatabase, dbTitle, DB_KINDS, type TestDatabase } from '@jitkit/testing';
import { startWeComSim, type FaultRule, type WeComSim } from '@jitkit/wecom-sim';
import { openBenchApp, syncInChild } from './helpers/bench-app.js';
import { breakApply } from './helpers/break-apply.js';

const FAULTS: (Omit<FaultRule, 'times'> & { note: string })[] = [
  { api: 'gettoken', kind: 'errcode', errcode: 40013, note: 'gettoken refused' },
  { api: 'department/list', kind: 'errcode', errcode: 60011, note: 'visible range revoked' },
  { api: 'user/list', kind: 'errcode', errcode: -1, note: 'system busy beyond retries' },
  { api: 'user/list', kind: 'errcode', errcode: 45033, note: 'too many calls in flight beyond retries' },
  { api: 'user/list', kind: 'errcode', errcode: 45009, note: 'rate limited' },
  { api: 'user/list', kind: 'errcode', errcode: 48002, note: 'api forbidden' },
  { api: 'user/list', kind: 'http500', note: 'HTTP 500' },
  { api: 'user/list', kind: 'hang', note: 'hangs' },
  { api: 'user/list', kind: 'drop', note: 'connection dropped' },
  { api: 'user/list', kind: 'malformed', note: 'malformed JSON' },
  { api: 'user/list', kind: 'truncated', note: 'truncated JSON' },
  { api: 'tag/get', kind: 'errcode', errcode: 40068, note: 'a tag vanished mid-read' },
  { api: 'tag/list', kind: 'http500', note: 'tags unreadable' },
];

for (const kind of DB_KINDS) {
  describe.skipIf(!availability(kind).available)(`a failed sync changes nothing, on ${dbTitle(kind)}`, () => {
    let sim: WeComSim;
    let db: TestDatabase;
    let h: Awaited<ReturnType<typeof openBenchApp>>;
    beforeAll(async () => {
      sim = await startWeComSim({ users: 400, depts: 40, tags: 4, seed: 21 });
      db = await createTestDatabase(kind);
      h = await openBenchApp(sim, db.url);
      await h.corp.initCorp();
      // Upstream moves on, so every sync below has real work to do.
      await sim.control.mutate(0.1, 3);
    });
    afterAll(async () => {
      await h?.app.close();
      await sim?.close();
      await db?.drop();
    });

    for (const f of FAULTS) {
      it(`${f.api}: ${f.note} (${f.kind}${f.errcode !== undefined ? ' ' + f.errcode : ''})`, async () => {
        const before = await h.checksum();
        // The client's token is cached; revoking it makes the sync call gettoken.
        if (f.api === 'gettoken') await sim.control.revokeTokens();
        // Every try of every call fails, so no retry can rescue the sync.
        await sim.control.fault({ ...f, times: 100_000 } as FaultRule);
        const err = await h.corp.syncCorp().then(
          () => undefined,
          (e: unknown) => e as { code: string },
        );
        await sim.control.clearFaults();
        expect(err?.code).toMatch(/^WECOM_(API|PROTOCOL)$/);
        expect(await h.checksum()).toEqual(before);
        expect((await h.corp.listSyncRuns(1))[0]).toMatchObject({ status: 'failed' });
      });
    }

    it('a database error in the middle of the apply rolls every write back', async () => {
      const before = await h.checksum();
      const knex = h.app.resolve(DATABASE);
      const plan = await h.corp.syncCorp({ dryRun: true });
      const victim = plan.changes.filter((c) => c.kind === 'member.added' || c.kind === 'member.updated').at(-1)!;
      const restore = await breakApply(knex, kind, victim.id);
      try {
        const err = await h.corp.syncCorp().catch((e: { code: string; message: string }) => e);
        expect(err).toMatchObject({ code: 'DATABASE_ERROR' });
        expect((err as unknown as Error).message).toContain('injected failure');
      } finally {
        await restore();
      }
      expect(await h.checksum()).toEqual(before);
    });

    it('after the faults pass, the same sync applies completely', async () => {
      const r = await h.corp.syncCorp();
      expect(r.status).toBe('succeeded');
      expect(r.rowsWritten).toBeGreaterThan(0);
      expect((await h.corp.syncCorp({ dryRun: true })).changes).toEqual([]);
    });
  });
}

for (const kind of ['sqlite', 'postgres'] as const) {
  describe.skipIf(!availability(kind).available)(`SIGKILL at random points of a sync, on ${dbTitle(kind)}`, () => {
    let sim: WeComSim;
    beforeAll(async () => {
      // Seven killed syncs and their checks read the org ~30 times within a minute: far past
      // WeCom's 10,000 calls/min, which this test is not about.
      sim = await startWeComSim({
        users: 12_000,
        depts: 600,
        tags: 6,
        seed: 8,
        limits: { perMinute: 1e9, perHour: 1e9, ipPerMinute: 1e9, ipPerHour: 1e9 },
      });
    });
    afterAll(() => sim?.close());

    const points = [
      { when: 'fetch', delay: 0 },
      { when: 'fetch', delay: 150 },
      { when: 'plan', delay: 0 },
      { when: 'apply', delay: 0 },
      { when: 'apply', delay: 60 },
      { when: 'apply', delay: 200 },
      { when: 'apply', delay: 350 },
      { when: 'apply', delay: 1500 },
    ];
    for (const [i, p] of points.entries()) {
      it(`killed ${p.delay} ms into ${p.when} (#${i + 1}): the pool is as before, or completely synced`, async () => {
        const db = await createTestDatabase(kind);
        const h = await openBenchApp(sim, db.url);
        try {
          await h.corp.ensureCorp();
          const before = await h.checksum();
          const run = syncInChild(sim, db.url);
          await Promise.race([run.waitFor(new RegExp(`^phase ${p.when}$`)), run.exited]);
          await new Promise((r) => setTimeout(r, p.delay + Math.random() * 40));
          run.kill();
          await run.exited;
          const after = await h.checksum();
          if (JSON.stringify(after) !== JSON.stringify(before)) {
            // Killed after the commit: then nothing may be missing or half-written.
            const plan = await h.corp.syncCorp({ dryRun: true });
            expect(plan.changes).toEqual([]);
          }
          // The next sync takes the dead holder's lock once its lease expires, and completes.
          const r = await h.corp.syncCorp();
          expect(r.status).toBe('succeeded');
          expect((await h.corp.syncCorp({ dryRun: true })).changes).toEqual([]);
          const runs = await h.corp.listSyncRuns(5);
          expect(runs.filter((x) => x.status === 'running')).toEqual([]);
        } finally {
          await h.app.close();
          await db.drop();
        }
      });
    }
  });
}
