import { selectIn } from '../store/bulk.js';
import { T } from '../store/tables.js';
import type { PoolContext } from '../sync/engine.js';
import { evenOut } from './member-read-balance.js';
import { cachedDeptTree, mergeIntoSubtrees } from './subtree-reads.js';

/** How a Type reads members: one by one, or a department's whole list. */
export interface MemberReader<M> {
  /** The member as upstream has it now; undefined when it is gone from view. */
  get(id: string): Promise<M | undefined>;
  /** Every member of one department (all its pages); undefined when the department is gone. */
  list(dept: string): Promise<M[] | undefined>;
  idOf(member: M): string;
  /** Calls one list of a department of `members` members costs (e.g. its pages); default 1. */
  listCost?(members: number): number;
  /**
   * Of the departments holding one named member each, those to list anyway (e.g. to spend another
   * API's budget): default none.
   */
  alsoList?(loneDepartments: string[], listing: number): string[];
  /**
   * 'time' when get and list each have their own calls-a-second limit (DingTalk's 20 QPS per
   * API): the plan then evens out the two APIs' calls, so both finish together, rather than
   * making the fewest calls in all (what a per-minute budget wants).
   */
  balance?: 'calls' | 'time';
  /**
   * One read of a department and every department below it (WeCom: user/list with
   * fetch_child=1), for where it is cheaper than the reads inside it. `weight`: what one call is
   * worth now, in members read (subtree-reads.ts); `maxMembers`: the largest subtree read whole.
   */
  subtree?: { list(dept: string): Promise<M[] | undefined>; weight(): number; maxMembers?: number };
}

/** A department to list: the named members it is listed for, and what listing it costs. */
export interface DeptList {
  dept: string;
  members: string[];
  cost: number;
}

/** The plan of a batch's member reads: departments to list; members alone in theirs, with it. */
export interface MemberReadPlan {
  lists: DeptList[];
  lone: { member: string; dept: string }[];
  /** Members the lists are for. */
  covered: Set<string>;
}

/**
 * Reads the members an event batch names with as few calls as gives the same answer as one
 * read each: a department holding more of them than listing it costs is listed once (most named
 * members first, each member counted in one department); a member no list covers is read alone
 * at the same time, and one its list did not show (moved, gone, new) is read alone after. Where
 * the reader can read a whole subtree in one call, parts of the tree where that is cheaper than
 * the reads inside them are read whole. Where a member is comes from the pool, or for one it
 * does not know, from `hints` (its event's departments).
 */
export async function readMembersByDepartment<M>(
  reader: MemberReader<M>,
  ids: string[],
  pool?: PoolContext,
  hints: Record<string, string[]> = {},
): Promise<M[]> {
  if (!pool || ids.length < 2) return present(await Promise.all(ids.map((id) => reader.get(id))));
  const wanted = new Set(ids);
  let plan = await departmentsToList(reader, pool, ids, hints);
  if (reader.balance === 'time') plan = evenOut(plan, ids.length);
  let subtrees: string[] = [];
  if (reader.subtree && plan.lists.length + plan.lone.length > 1)
    ({ plan, subtrees } = mergeIntoSubtrees(plan, await cachedDeptTree(pool), reader.subtree.weight(), reader.subtree.maxMembers));
  const { lists, lone, covered } = plan;
  const loneDepts = lone.map((l) => l.dept);
  const extra = new Set(reader.alsoList?.(loneDepts, lists.length) ?? []);
  for (const l of lone) if (extra.has(l.dept)) covered.add(l.member);
  const listed = [...lists.map((l) => l.dept), ...extra];
  // Members no list covers are read at once, beside the lists (another API's budget or QPS);
  // those a list did not show (moved, gone, new) once the lists are in.
  const alone = ids.filter((id) => !covered.has(id));
  const aloneSet = new Set(alone);
  const [single, listedMembers, wholeMembers] = await Promise.all([
    Promise.all(alone.map((id) => reader.get(id))),
    Promise.all(listed.map((dept) => reader.list(dept))),
    readSubtrees(reader, subtrees, (m) => wanted.has(reader.idOf(m))),
  ]);
  const found = new Map<string, M>();
  for (const m of [...listedMembers.flatMap((page) => page ?? []), ...wholeMembers])
    if (wanted.has(reader.idOf(m)) && !aloneSet.has(reader.idOf(m))) found.set(reader.idOf(m), m);
  const missed = await Promise.all(ids.filter((id) => !aloneSet.has(id) && !found.has(id)).map((id) => reader.get(id)));
  return [...found.values(), ...present(single), ...present(missed)];
}

/** Subtree answers are large (thousands of members): two at a time, each cut to the named members as it arrives. */
const SUBTREE_LANES = 2;

async function readSubtrees<M>(reader: MemberReader<M>, subtrees: string[], named: (m: M) => boolean): Promise<M[]> {
  const found: M[] = [];
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < subtrees.length; i = next++)
      for (const m of (await reader.subtree!.list(subtrees[i]!)) ?? []) if (named(m)) found.push(m);
  };
  await Promise.all(Array.from({ length: Math.min(SUBTREE_LANES, subtrees.length) }, lane));
  return found;
}

const present = <M>(xs: (M | undefined)[]): M[] => xs.filter((m): m is M => m !== undefined);

async function departmentsToList<M>(
  reader: MemberReader<M>,
  pool: PoolContext,
  ids: string[],
  hints: Record<string, string[]>,
): Promise<MemberReadPlan> {
  const byDept = new Map<string, string[]>();
  const add = (dept: string, member: string) => {
    const list = byDept.get(dept);
    if (list) list.push(member);
    else byDept.set(dept, [member]);
  };
  for (const r of await selectIn(ids, (part) =>
    pool
      .db(`${T.bindings} as b`)
      .join(`${T.deptMembers} as d`, (j) => j.on('d.corp_id', 'b.corp_id').andOn('d.member_id', 'b.member_id'))
      .where('b.corp_id', pool.corpId)
      .whereIn('b.upstream_id', part)
      .select('b.upstream_id', 'd.dept_id'),
  ))
    add(r.dept_id as string, r.upstream_id as string);
  const known = new Set([...byDept.values()].flat());
  for (const id of ids) if (!known.has(id)) for (const d of hints[id] ?? []) add(d, id);
  const sizes = reader.listCost ? await departmentSizes(pool, [...byDept.keys()]) : undefined;
  const cost = (dept: string) => reader.listCost?.(sizes!.get(dept) ?? 0) ?? 1;

  const covered = new Set<string>();
  const lists: DeptList[] = [];
  const loneIn = new Map<string, string>();
  for (const [dept, members] of [...byDept].sort((a, b) => b[1].length - a[1].length)) {
    const fresh = members.filter((m) => !covered.has(m));
    if (fresh.length > Math.max(1, cost(dept))) {
      lists.push({ dept, members: fresh, cost: cost(dept) });
      for (const m of fresh) covered.add(m);
    } else if (fresh.length === 1 && cost(dept) <= 1 && !loneIn.has(fresh[0]!)) loneIn.set(fresh[0]!, dept);
  }
  const lone = [...loneIn].filter(([m]) => !covered.has(m)).map(([member, dept]) => ({ member, dept }));
  return { lists, lone, covered };
}

/** Members per department, as the pool has them. */
async function departmentSizes(pool: PoolContext, depts: string[]): Promise<Map<string, number>> {
  const rows = await selectIn(depts, (part) =>
    pool
      .db(T.deptMembers)
      .where('corp_id', pool.corpId)
      .whereIn('dept_id', part)
      .groupBy('dept_id')
      .select('dept_id', pool.db.raw('count(*) as n')),
  );
  return new Map(rows.map((r) => [String(r.dept_id), Number(r.n)]));
}
