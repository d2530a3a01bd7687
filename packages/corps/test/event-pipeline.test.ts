import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryLogger, systemClock } from '@jitkit/core';
import { countPending } from '@jitkit/corps';
import { availability, DB_KINDS, dbTitle } from '@jitkit/testing';
import { EventPipeline } from '../src/realtime/event-pipeline.js';
import { enqueueEvents, markApplied } from '../src/realtime/event-queue.js';
import { FakeDirectory, fakePool, type FakePool } from './fake-source.js';

// Issue 11, item 3: the realtime path (durable queue -> batch -> targeted re-read -> atomic apply)
// is the engine's, generic over the payload: here a made-up event shape, no vendor, no emulator.
interface FakeEvent extends Record<string, unknown> {
  kind: 'member';
  id: string;
}

for (const kind of DB_KINDS) {
  describe.skipIf(!availability(kind).available)(`the generic event pipeline on ${dbTitle(kind)}`, () => {
    let pool: FakePool;
    let source: FakeDirectory;
    let pipeline: EventPipeline;
    const batches: string[][] = [];
    const nameOf = async (memberId: string) =>
      (await pool.knex('jk_members').where({ corp_id: pool.corpId, member_id: memberId }).first('name'))?.name as string | undefined;

    beforeAll(async () => {
      pool = await fakePool(kind);
      source = new FakeDirectory(3, 5);
      await pool.sync(source);
      pipeline = new EventPipeline(
        {
          corpId: async () => pool.corpId,
          syncScope: (events) => pool.sync(source, { kind: 'event', ...events }),
          fullSync: () => pool.sync(source),
          scopeOfEvents: (payloads) => {
            const ids = (payloads as FakeEvent[]).map((p) => p.id);
            batches.push(ids);
            return { scope: { members: ids } };
          },
        },
        pool.knex,
        systemClock,
        new MemoryLogger('warn'),
      );
    });
    afterAll(async () => {
      await pipeline?.stop();
      await pool?.close();
    });

    it('queues a delivery durably, refuses its replay, and applies it as a targeted re-read', async () => {
      source.members.get('u3')!.name = '改名';
      const delivery = {
        id: 'sig-1',
        expiresAt: Date.now() + 60_000,
        events: [{ key: 'member:u3:1', payload: { kind: 'member', id: 'u3' } }],
      };
      expect(await pipeline.receive(delivery)).toBe('queued');
      expect(await pipeline.receive(delivery)).toBe('replay');
      expect(await pipeline.receive({ ...delivery, id: 'sig-2' })).toBe('duplicate');
      expect(await countPending(pool.knex, pool.corpId)).toBe(1);
      const reads = source.reads;
      const report = await pipeline.applyPending();
      expect(report).toMatchObject({ kind: 'event', status: 'succeeded', counts: { membersUpdated: 1 } });
      expect(source.reads).toBe(reads + 1);
      expect(await nameOf('u3')).toBe('改名');
      expect(await countPending(pool.knex, pool.corpId)).toBe(0);
    });

    it('a member gone upstream resigns through an event; members not named are left alone', async () => {
      source.members.delete('u4');
      source.members.delete('u5'); // no event for u5: a targeted re-read does not see it
      await pipeline.receive({
        id: 'sig-3',
        expiresAt: Date.now() + 60_000,
        events: [{ key: 'member:u4:2', payload: { kind: 'member', id: 'u4' } }],
      });
      const report = (await pipeline.applyPending())!;
      expect(report.counts).toMatchObject({ membersResigned: 1 });
      expect(report.changes.map((c) => c.id)).toEqual(['u4']);
    });

    it('the background applier drains what arrives, in batches', async () => {
      pipeline.start({ pollMs: 20 });
      for (const id of ['u6', 'u7', 'u8']) {
        source.members.get(id)!.name = `新${id}`;
        await pipeline.receive({
          id: `sig-${id}`,
          expiresAt: Date.now() + 60_000,
          events: [{ key: `member:${id}`, payload: { kind: 'member', id } }],
        });
      }
      for (let i = 0; i < 200 && (await countPending(pool.knex, pool.corpId)) > 0; i++) await new Promise((r) => setTimeout(r, 25));
      expect(await countPending(pool.knex, pool.corpId)).toBe(0);
      expect(await Promise.all(['u6', 'u7', 'u8'].map(nameOf))).toEqual(['新u6', '新u7', '新u8']);
      expect(batches.flat()).toEqual(expect.arrayContaining(['u6', 'u7', 'u8']));
    });

    it('enqueueEvents: new keys are queued, waiting ones duplicates, applied ones queued again', async () => {
      const ev = (key: string) => ({ key: `set:${key}`, payload: { kind: 'member', id: key } });
      expect(await enqueueEvents(pool.knex, pool.corpId, 1, [ev('a'), ev('b'), ev('a')])).toEqual(['queued', 'queued', 'duplicate']);
      await markApplied(pool.knex, pool.corpId, ['set:a'], 2);
      expect(await enqueueEvents(pool.knex, pool.corpId, 3, [ev('a'), ev('b'), ev('c')])).toEqual(['requeued', 'duplicate', 'queued']);
      const rows = await pool
        .knex('jk_events')
        .where('corp_id', pool.corpId)
        .whereIn('event_key', ['set:a', 'set:b', 'set:c'])
        .orderBy('event_key');
      expect(rows.map((r) => [r.event_key, r.applied_at === null, Number(r.received_at)])).toEqual([
        ['set:a', true, 3],
        ['set:b', true, 1],
        ['set:c', true, 3],
      ]);
      await markApplied(pool.knex, pool.corpId, ['set:a', 'set:b', 'set:c'], 4);
    });

    it('deliveries arriving together share one commit, and each gets its own answer', async () => {
      const delivery = (n: number, key = `burst:${n}`) => ({
        id: `sig-burst-${n}`,
        expiresAt: Date.now() + 60_000,
        events: [{ key, payload: { kind: 'member', id: 'u1' } }],
      });
      const before = { ...pipeline.intake.stats };
      const answers = await Promise.all([
        ...Array.from({ length: 40 }, (_, n) => pipeline.receive(delivery(n))),
        pipeline.receive(delivery(0)), // the same delivery again: a replay
        pipeline.receive({ ...delivery(99, 'burst:1'), id: 'sig-burst-again' }), // a new delivery of a key just queued
      ]);
      expect(answers.slice(0, 40)).toEqual(Array(40).fill('queued'));
      expect(answers[40]).toBe('replay');
      expect(['duplicate', 'requeued']).toContain(answers[41]);
      const groups = pipeline.intake.stats.groups - before.groups;
      expect(pipeline.intake.stats.deliveries - before.deliveries).toBe(42);
      expect(groups).toBeLessThan(10);
      const stored = await pool
        .knex('jk_events')
        .where({ corp_id: pool.corpId })
        .where('event_key', 'like', 'burst:%')
        .count<{ n: number }[]>({ n: '*' });
      expect(Number(stored[0]!.n)).toBe(40);
    });
  });
}
