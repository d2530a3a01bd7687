import type { Knex } from 'knex';
import { ACTIVE, POOL_TABLE_NAMES as T } from '@jitkit/corps';

export interface TreeNode {
  deptId: string;
  name: string;
  /** Direct members (not the whole subtree: that would cost a walk per node). */
  members: number;
  hasChildren: boolean;
  leaders: { upstreamId: string; name: string | null }[];
}

/** One level of the department tree: the children of `parentId` (or the root itself), with counts and leaders. */
export async function treeLevel(db: Knex, corpId: number, parent: { parentId: string } | { rootId: string }): Promise<TreeNode[]> {
  const q = db(T.departments).where({ corp_id: corpId, status: ACTIVE });
  if ('rootId' in parent) q.andWhere({ dept_id: parent.rootId });
  else q.andWhere({ parent_id: parent.parentId });
  const depts = (await q.orderBy(['sort_order', 'dept_id']).select('dept_id', 'name', 'leaders')) as {
    dept_id: string;
    name: string;
    leaders: string | null;
  }[];
  if (depts.length === 0) return [];
  const ids = depts.map((d) => d.dept_id);
  const counts = new Map<string, number>();
  const rows = (await db(T.deptMembers)
    .where({ corp_id: corpId })
    .whereIn('dept_id', ids)
    .groupBy('dept_id')
    .select('dept_id')
    .count({ n: '*' })) as {
    dept_id: string;
    n: number | string;
  }[];
  for (const r of rows) counts.set(String(r.dept_id), Number(r.n));
  const parents = new Set<string>(
    (await db(T.departments).where({ corp_id: corpId, status: ACTIVE }).whereIn('parent_id', ids).distinct('parent_id')).map((r) =>
      String(r.parent_id),
    ),
  );
  const leaderIds = [...new Set(depts.flatMap((d) => (d.leaders ? (JSON.parse(d.leaders) as string[]) : [])))];
  const names = new Map<string, string>();
  if (leaderIds.length)
    for (const r of await db(`${T.bindings} as b`)
      .join(`${T.members} as m`, (j) => j.on('m.corp_id', 'b.corp_id').andOn('m.member_id', 'b.member_id'))
      .where('b.corp_id', corpId)
      .whereIn('b.upstream_id', leaderIds)
      .select('b.upstream_id', 'm.name'))
      names.set(r.upstream_id, r.name);
  return depts.map((d) => ({
    deptId: d.dept_id,
    name: d.name,
    members: counts.get(d.dept_id) ?? 0,
    hasChildren: parents.has(d.dept_id),
    leaders: (d.leaders ? (JSON.parse(d.leaders) as string[]) : []).map((u) => ({ upstreamId: u, name: names.get(u) ?? null })),
  }));
}
