import { describe, expect, it } from 'vitest';
import { createDatabase, parseDatabaseUrl } from '@jitkit/core';
import { PoolStore } from '@jitkit/corps';
import { createTestDatabase } from '@jitkit/testing';
import { cachedDeptTree, forgetDeptTree, mergeIntoSubtrees, subtreesToRead, type DeptTree } from '../src/realtime/subtree-reads.js';

// Issue 16: under WeCom's per-minute budget a call costs more than a member read; where a batch
// reads several departments of one subtree, one read of the subtree (fetch_child=1) is cheaper.
//
//            1 (root, 0 own)
//        /          \
//      10 (2)       20 (2)
//    /  |  \          \
//  11  12  13         21
//  (10)(10)(10)       (50)
function tree(): DeptTree {
  const parent = new Map([
    ['10', '1'],
    ['20', '1'],
    ['11', '10'],
    ['12', '10'],
    ['13', '10'],
    ['21', '20'],
  ]);
  const size = new Map([
    ['1', 0],
    ['10', 2],
    ['20', 2],
    ['11', 10],
    ['12', 10],
    ['13', 10],
    ['21', 50],
  ]);
  const subtreeSize = new Map([
    ['1', 84],
    ['10', 32],
    ['20', 52],
    ['11', 10],
    ['12', 10],
    ['13', 10],
    ['21', 50],
  ]);
  return { parent, size, subtreeSize };
}
const reads = (entries: [string, number, number][]) => new Map(entries.map(([d, calls, members]) => [d, { calls, members }]));

describe('choosing subtrees to read whole', () => {
  it('reads a subtree whole when its calls cost more than the members it adds', () => {
    const planned = reads([
      ['11', 1, 10],
      ['12', 1, 10],
      ['13', 1, 10],
    ]);
    // Three lists: 3 calls, 30 members. Reading 10 whole: 1 call, 32 members.
    expect(subtreesToRead(tree(), planned, 5)).toEqual(['10']); // 3*5+30 = 45 > 5+32 = 37
    expect(subtreesToRead(tree(), planned, 0.5)).toEqual([]); // 1.5+30 < 0.5+32
  });

  it('goes up to the root only when the whole org is worth one call', () => {
    const planned = reads([
      ['11', 1, 10],
      ['12', 1, 10],
      ['21', 1, 1], // one member alone in a department of 50: a user/get
    ]);
    // Split: 10 is worth reading whole (2w+20 vs w+32 at w=20); 21 costs w+1; root costs w+84.
    expect(subtreesToRead(tree(), planned, 20)).toEqual(['10']);
    expect(subtreesToRead(tree(), planned, 100)).toEqual(['1']); // 2 calls (200+33) > 100+84
    expect(subtreesToRead(tree(), planned, 100, 50)).toEqual(['10']); // no answer over 50 members
  });

  it('never reads a subtree for a single call in it', () => {
    expect(subtreesToRead(tree(), reads([['21', 1, 1]]), 1_000)).toEqual([]);
  });

  it('takes the chosen subtrees out of the plan and covers their members', () => {
    const plan = {
      lists: [
        { dept: '11', members: ['a', 'b'], cost: 1 },
        { dept: '12', members: ['c', 'd'], cost: 1 },
      ],
      lone: [
        { member: 'g', dept: '13' },
        { member: 'e', dept: '21' },
      ],
      covered: new Set(['a', 'b', 'c', 'd']),
    };
    // 10 whole: 10+32 against 3*10+21; the root: 10+84 against that plus 21's get (10+1).
    const { plan: out, subtrees } = mergeIntoSubtrees(plan, tree(), 10);
    expect(subtrees).toEqual(['10']);
    expect(out.lists).toEqual([]);
    expect(out.lone).toEqual([{ member: 'e', dept: '21' }]);
    expect([...out.covered].sort()).toEqual(['a', 'b', 'c', 'd', 'g']);
  });
});

describe("the pool's cached department tree", () => {
  it('is read once a minute, and again at once after it is forgotten (departments changed)', async () => {
    const db = await createTestDatabase('sqlite');
    const knex = createDatabase(parseDatabaseUrl(db.url, process.cwd()));
    try {
      await PoolStore.for(knex).ready();
      const dept = (id: string, parent: string | null) => ({
        corp_id: 7,
        dept_id: id,
        external_id: id,
        parent_id: parent,
        name: `dept ${id}`,
        name_en: null,
        sort_order: 0,
        leaders: '[]',
        status: 1,
        source: 'sync',
        hash: null,
        created_at: 0,
        updated_at: 0,
      });
      await knex('jk_departments').insert([dept('1', null), dept('10', '1')]);
      const pool = { db: knex, corpId: 7 };
      const first = await cachedDeptTree(pool, 1_000);
      expect([...first.parent]).toEqual([['10', '1']]);
      await knex('jk_departments').insert(dept('20', '1'));
      expect(await cachedDeptTree(pool, 30_000)).toBe(first); // within the minute: the cached one
      forgetDeptTree(pool);
      const second = await cachedDeptTree(pool, 31_000);
      expect([...second.parent].sort()).toEqual([
        ['10', '1'],
        ['20', '1'],
      ]);
    } finally {
      await knex.destroy();
      await db.drop();
    }
  });
});
