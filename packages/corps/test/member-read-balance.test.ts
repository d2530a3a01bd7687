import { describe, expect, it } from 'vitest';
import { evenOut } from '../src/realtime/member-read-balance.js';
import type { DeptList } from '../src/realtime/member-reads.js';

// Issue 16: with 20 calls a second per API (DingTalk), a batch takes as long as its busier API.
const list = (dept: string, n: number, cost = 1): DeptList => ({
  dept,
  members: Array.from({ length: n }, (_, i) => `${dept}-${i}`),
  cost,
});

describe('evening out list and get calls', () => {
  it('moves the departments listed for the fewest members to gets while that shortens the batch', () => {
    const lists = [list('d1', 5), list('d2', 2), list('d3', 2), list('d4', 3)];
    const covered = new Set(lists.flatMap((l) => l.members));
    const out = evenOut({ lists, lone: [], covered }, 12);
    // 4 lists and 0 gets -> 3 lists and 2 gets (moving one more would make 5 gets)
    expect(out.lists.map((l) => l.dept).sort()).toEqual(['d1', 'd3', 'd4']);
    expect([...out.covered].filter((m) => m.startsWith('d2'))).toEqual([]);
    expect(out.covered.size).toBe(10);
  });

  it('a department of several pages stays listed when its members read one by one would take longer', () => {
    const big = list('big', 4, 3);
    const out = evenOut({ lists: [big], lone: [], covered: new Set(big.members) }, 4);
    expect(out.lists.map((l) => l.dept)).toEqual(['big']); // 3 pages beat 4 gets
  });

  it('lists members alone in their department when gets are the busier side', () => {
    const lone = ['a', 'b', 'c', 'd'].map((m) => ({ member: m, dept: `dept-${m}` }));
    const out = evenOut({ lists: [], lone, covered: new Set() }, 4);
    expect(out.lists).toHaveLength(2);
    expect(out.covered.size).toBe(2);
    expect(out.lone).toHaveLength(2);
  });
});
