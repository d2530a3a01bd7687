import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JitError } from '@jitkit/core';
import { createDatabase, parseDatabaseUrl, systemClock, type Clock } from '@jitkit/core';
import { LeaseLock, MIGRATIONS, PoolStore, poolChecksum, POOL_TABLE_NAMES } from '@jitkit/corps';
import { DB_KINDS, availability, createTestDatabase, dbTitle, type TestDatabase } from '@jitkit/testing';
import type { Knex } from 'knex';
import { DRIVER_MIN_ROWS, writeRows } from '../src/store/bulk.js';
import { withWriteCache } from '../src/store/driver-write.js';

function manualClock(start = 1_800_000_000_000): Clock & { set(ms: number): void } {
  let now = start;
  return { now: () => now, sleep: async (ms) => void (now += ms), set: (ms) => (now = ms) };
}

for (const kind of DB_KINDS) {
  describe.skipIf(!availability(kind).available)(`user pool store on ${dbTitle(kind)}`, () => {
    let db: TestDatabase;
    let knex: Knex;
    beforeAll(async () => {
      db = await createTestDatabase(kind);
      knex = createDatabase(parseDatabaseUrl(db.url, process.cwd()));
    });
    afterAll(async () => {
      await knex?.destroy();
      await db?.drop();
    });

    it('migrates by itself, once, even when several handles start together', async () => {
      const others = [1, 2, 3].map(() => createDatabase(parseDatabaseUrl(db.url, process.cwd())));
      try {
        await Promise.all([PoolStore.for(knex).ready(), ...others.map((o) => PoolStore.for(o).ready()), PoolStore.for(knex).ready()]);
        const locks = await knex('jk_migrations_lock').select();
        expect(locks).toEqual([{ index: 1, is_locked: 0 }]);
        const done = await knex('jk_migrations').select('name').orderBy('id');
        expect(done.map((r: { name: string }) => r.name)).toEqual(MIGRATIONS.map((m) => m.name));
        for (const table of Object.values(POOL_TABLE_NAMES)) expect(await knex.schema.hasTable(table)).toBe(true);
      } finally {
        await Promise.all(others.map((o) => o.destroy()));
      }
    });

    it('writes and upserts thousands of rows in large statements', async () => {
      const rows = Array.from({ length: 2_500 }, (_, i) => ({
        user_id: `u${i}`,
        name: `名字${i}`,
        mobile: null,
        email: null,
        avatar: null,
        gender: '1',
        created_at: 1,
        updated_at: 1,
      }));
      expect(await writeRows(knex, 'jk_users', rows)).toBe(2_500);
      await writeRows(
        knex,
        'jk_users',
        rows.slice(0, 1_200).map((r) => ({ ...r, name: `${r.name}!`, created_at: 99, updated_at: 2 })),
        { keys: ['user_id'], update: ['name', 'updated_at'] },
      );
      const u = await knex('jk_users').where({ user_id: 'u7' }).first();
      expect(u).toMatchObject({ name: '名字7!', created_at: 1, updated_at: 2 });
      expect(Number((await knex('jk_users').count<{ n: number }[]>({ n: '*' }))[0]!.n)).toBe(2_500);
    });

    it('inside a transaction writes large batches through the driver: every value exact, upserts merged, a failure rolls all back', async () => {
      const awkward = ['a,"b"\n c', '', ' lead and trail ', '\\.', 'tab\there', '张伟 (Zhang Wei)', null];
      const rows = Array.from({ length: DRIVER_MIN_ROWS * 3 + 17 }, (_, i) => ({
        user_id: `d${i}`,
        name: `名字${i}`,
        mobile: awkward[i % awkward.length]!,
        email: i % 3 ? null : `d${i}@example.com`,
        avatar: null,
        gender: String(i % 3),
        created_at: 1_800_000_000_000 + i,
        updated_at: 1,
      }));
      await knex.transaction(async (trx) => {
        expect(await writeRows(trx, 'jk_users', rows)).toBe(rows.length);
        const update = rows.slice(0, DRIVER_MIN_ROWS + 5).map((r) => ({ ...r, name: `${r.name}!`, created_at: 0, updated_at: 2 }));
        await writeRows(trx, 'jk_users', update, { keys: ['user_id'], update: ['name', 'updated_at'] });
      });
      const stored = await knex('jk_users').where('user_id', 'like', 'd%').select();
      expect(stored).toHaveLength(rows.length);
      // PostgreSQL returns bigint columns as strings.
      const norm = (r: Record<string, unknown>) => ({ ...r, created_at: Number(r.created_at), updated_at: Number(r.updated_at) });
      const byId = new Map(stored.map((r: Record<string, unknown>) => [r.user_id, norm(r)]));
      for (const [i, r] of rows.entries())
        expect(byId.get(r.user_id)).toEqual(i < DRIVER_MIN_ROWS + 5 ? { ...r, name: `${r.name}!`, updated_at: 2 } : r);
      const before = await poolChecksum(knex);
      const failed = await knex
        .transaction(async (trx) => {
          await writeRows(
            trx,
            'jk_users',
            rows.map((r) => ({ ...r, user_id: `e${r.user_id}` })),
          );
          await writeRows(trx, 'jk_users', rows.slice(0, DRIVER_MIN_ROWS)); // every key taken
        })
        .catch((e: JitError) => e);
      expect(failed).toMatchObject({ code: 'DATABASE_ERROR', message: expect.stringMatching(/^writing 200 rows to jk_users failed: /) });
      expect(String((failed as JitError).message).length).toBeLessThan(400);
      expect(await poolChecksum(knex)).toEqual(before);
    });

    it.runIf(kind === 'sqlite')(
      'a large write gets a larger SQLite page cache for its duration, put back after, even when it fails',
      async () => {
        const cache = async (db: Knex | Knex.Transaction) =>
          ((await db.raw('PRAGMA cache_size')) as { cache_size: number }[])[0]!.cache_size;
        const before = await cache(knex);
        await knex.transaction(async (trx) => {
          expect(await withWriteCache(trx, 1_000, () => cache(trx))).toBe(before); // a small write: as it was
          expect(await withWriteCache(trx, 500_000, () => cache(trx))).toBe(-65_536);
          expect(await cache(trx)).toBe(before);
          await expect(withWriteCache(trx, 500_000, () => Promise.reject(new Error('write failed')))).rejects.toThrow('write failed');
          expect(await cache(trx)).toBe(before);
        });
      },
    );

    it('checksums every pool table, the same until a row changes', async () => {
      const a = await poolChecksum(knex);
      expect(await poolChecksum(knex)).toEqual(a);
      await knex('jk_users').where({ user_id: 'u1' }).update({ name: 'changed' });
      const b = await poolChecksum(knex);
      expect(b.jk_users).not.toBe(a.jk_users);
      expect({ ...b, jk_users: a.jk_users }).toEqual(a);
    });

    it('a lease lock serialises holders, and an expired lease can be taken over', async () => {
      const clock = manualClock();
      const opts = { leaseMs: 60_000, wait: false, waitTimeoutMs: 0 };
      const a = new LeaseLock(knex, 'sync:corps.X', 'holder-a', clock, opts);
      const b = new LeaseLock(knex, 'sync:corps.X', 'holder-b', clock, opts);
      expect(await a.acquire()).toEqual({});
      const busy = await b.acquire().catch((e: JitError) => e);
      expect(busy).toMatchObject({ code: 'SYNC_BUSY', details: { holder: 'holder-a' } });
      clock.set(clock.now() + 30_000);
      await a.renew();
      clock.set(clock.now() + 59_000);
      expect(await b.acquire().catch((e: JitError) => e.code)).toBe('SYNC_BUSY');
      clock.set(clock.now() + 2_000);
      expect(await b.acquire()).toEqual({ tookOverFrom: 'holder-a' });
      await expect(a.renew()).rejects.toMatchObject({ code: 'SYNC_BUSY' });
      await b.release();
      expect(await a.acquire()).toEqual({});
      await a.release();
    });

    it('a waiting lock gets the lock once it is released', async () => {
      const opts = { leaseMs: 60_000, wait: true, waitTimeoutMs: 5_000, pollMs: 20 };
      const a = new LeaseLock(knex, 'sync:corps.Y', 'holder-a', systemClock, opts);
      const b = new LeaseLock(knex, 'sync:corps.Y', 'holder-b', systemClock, opts);
      await a.acquire();
      const waiting = b.acquire();
      setTimeout(() => void a.release(), 100);
      expect(await waiting).toEqual({});
      await b.release();
    });
  });
}
