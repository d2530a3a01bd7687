import type { MemberReadPlan } from './member-reads.js';

/**
 * Evens out a plan's calls between list and get, for an upstream that limits each API's calls a
 * second on its own: the batch takes as long as the busier API. Departments listed for the fewest
 * members per call go back to one get each while that shortens the batch; with gets to spare on
 * the other side, members alone in their department are listed instead. `total`: members named.
 */
export function evenOut(plan: MemberReadPlan, total: number): MemberReadPlan {
  const covered = new Set(plan.covered);
  let lists = plan.lists.reduce((n, l) => n + l.cost, 0);
  let gets = total - covered.size;
  const kept = [...plan.lists].sort((a, b) => a.members.length / a.cost - b.members.length / b.cost);
  while (kept.length && lists > gets) {
    const l = kept[0]!;
    if (Math.max(lists - l.cost, gets + l.members.length) >= lists) break;
    kept.shift();
    lists -= l.cost;
    gets += l.members.length;
    for (const m of l.members) covered.delete(m);
  }
  const lone = [...plan.lone];
  while (lone.length && gets - lists >= 2) {
    const { member, dept } = lone.pop()!;
    kept.push({ dept, members: [member], cost: 1 });
    covered.add(member);
    lists++;
    gets--;
  }
  return { lists: kept, lone, covered };
}
