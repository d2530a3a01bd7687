import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryLogger, systemClock } from '@jitkit/core';
import { availability } from '@jitkit/testing';
import { EventApplier, type EventApplierCorp, type ReadBudget } from '../src/realtime/event-applier.js';
import { enqueueEvent } from '../src/realtime/event-queue.js';
import type { SyncReport } from '../src/sync/model.js';
import { fakePool, type FakePool } from './fake-source.js';

// Issue 16: an upstream that limits calls over a window (WeCom: 10,000 a minute per API) stops
// every read for up to a minute once its budget runs dry. Below half the budget left the applier
// spends it slower the less is left: after a batch of 30 calls, with an eighth of it left at 100
// calls/s, the next batch waits 30 × 10 ms × (0.5 - 0.125) / 0.125 = 0.9 s, and new events do not
// cut that short. With half or more left, nothing waits.
describe.skipIf(!availability('sqlite').available)('event batches paced to the read budget', () => {
  let pool: FakePool;
  beforeAll(async () => {
    pool = await fakePool('sqlite');
  });
  afterAll(async () => {
    await pool?.close();
  });

  /** Runs two batches (the second queued while the first applies); returns the gap between them, ms. */
  async function gapBetweenBatches(budget: ReadBudget | undefined, tag: string): Promise<{ gap: number; applier: EventApplier }> {
    const starts: number[] = [];
    const ends: number[] = [];
    const corp: EventApplierCorp = {
      corpId: async () => pool.corpId,
      applyEvents: async (payloads) => {
        starts.push(Date.now());
        if (starts.length === 1) await enqueueEvent(pool.knex, pool.corpId, `${tag}:second`, { n: 2 }, Date.now());
        ends.push(Date.now());
        void payloads;
        return { upstreamCalls: 30 } as SyncReport;
      },
      fullSync: async () => ({}) as SyncReport,
      readBudget: () => budget,
    };
    const applier = new EventApplier(corp, pool.knex, systemClock, new MemoryLogger('warn'), { pollMs: 20 });
    await enqueueEvent(pool.knex, pool.corpId, `${tag}:first`, { n: 1 }, Date.now());
    applier.start();
    for (let i = 0; i < 200 && starts.length < 2; i++) {
      applier.wake();
      await new Promise((r) => setTimeout(r, 10));
    }
    await applier.stop();
    return { gap: starts[1]! - ends[0]!, applier };
  }

  it('a batch waits for its calls to refill at the budget left, whatever arrives meanwhile', async () => {
    const { gap, applier } = await gapBetweenBatches({ left: 0.125, refillPerSecond: 100 }, 'low');
    expect(gap).toBeGreaterThanOrEqual(850);
    expect(applier.paced).toBeGreaterThan(850);
  });

  it('with half the budget or more left, or none to keep, the next batch goes at once', async () => {
    for (const [budget, tag] of [
      [{ left: 0.5, refillPerSecond: 100 }, 'half'],
      [undefined, 'none'],
    ] as const) {
      const { gap, applier } = await gapBetweenBatches(budget, tag);
      expect(gap).toBeLessThan(400);
      expect(applier.paced).toBe(0);
    }
  });

  it('stop ends a wait at once', async () => {
    const corp: EventApplierCorp = {
      corpId: async () => pool.corpId,
      applyEvents: async () => ({ upstreamCalls: 1_000 }) as SyncReport,
      fullSync: async () => ({}) as SyncReport,
      readBudget: () => ({ left: 0.1, refillPerSecond: 10 }),
    };
    const applier = new EventApplier(corp, pool.knex, systemClock, new MemoryLogger('warn'), { pollMs: 20 });
    await enqueueEvent(pool.knex, pool.corpId, 'stop:one', { n: 1 }, Date.now());
    applier.start();
    for (let i = 0; i < 100 && applier.paced === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(applier.paced).toBeGreaterThan(0);
    const t = Date.now();
    await applier.stop();
    expect(Date.now() - t).toBeLessThan(1_000);
  });
});
