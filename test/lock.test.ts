// Issue 5: two syncs of one corp in two processes on one database are serialised by the lock in
// the database: the second waits (and then finds nothing left to do) or fails with SYNC_BUSY.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availability, createTestDatabase, dbTitle, type TestDatabase } from '@jitkit/testing';
import { startWeComSim, type WeComSim } from '@jitkit/wecom-sim';
import { openBenchApp, syncInChild } from './helpers/bench-app.js';

for (const kind of ['sqlite', 'postgres'] as const) {
  describe.skipIf(!availability(kind).available)(`two processes, one corp, on ${dbTitle(kind)}`, () => {
    let sim: WeComSim;
    let db: TestDatabase;
    beforeAll(async () => {
      sim = await startWeComSim({
        users: 6_000,
        depts: 300,
        seed: 12,
        limits: { perMinute: 1e9, perHour: 1e9, ipPerMinute: 1e9, ipPerHour: 1e9 },
      });
    });
    afterAll(() => sim?.close());

    it('run one after the other when they wait: the second finds nothing left to do', async () => {
      db = await createTestDatabase(kind);
      try {
        const a = syncInChild(sim, db.url);
        const b = syncInChild(sim, db.url);
        expect(await a.exited).toBe(0);
        expect(await b.exited).toBe(0);
        const results = [a, b].map((r) => JSON.parse(r.lines.find((l) => l.startsWith('done '))!.slice(5)) as { rowsWritten: number });
        const written = results.map((r) => r.rowsWritten).sort((x, y) => x - y);
        expect(written[0]).toBe(0);
        expect(written[1]).toBeGreaterThan(6_000);
        const h = await openBenchApp(sim, db.url);
        const runs = await h.corp.listSyncRuns(5);
        expect(runs.map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
        // Serialised: the later run started after the earlier one finished.
        expect(runs[0]!.startedAt).toBeGreaterThanOrEqual(runs[1]!.finishedAt!);
        await h.app.close();
      } finally {
        await db.drop();
      }
    });

    it('the second fails at once with SYNC_BUSY when told not to wait', async () => {
      db = await createTestDatabase(kind);
      // Slow upstream calls keep the first sync in its fetch while the second process starts.
      await sim.control.latency(100);
      try {
        const a = syncInChild(sim, db.url);
        await a.waitFor(/^phase fetch$/);
        const b = syncInChild(sim, db.url, 'nowait');
        expect(await b.exited).toBe(3);
        expect(b.lines.join('\n')).toMatch(
          /^failed SYNC_BUSY another sync of this corp is running \(lock 'sync:corps\.BenchCorp' held by /m,
        );
        expect(await a.exited).toBe(0);
      } finally {
        await sim.control.latency(0);
        await db.drop();
      }
    });
  });
}
