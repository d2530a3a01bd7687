import type { Knex } from 'knex';
import { ACTIVE, T } from '../store/tables.js';
import type { PoolContext } from '../sync/engine.js';
import type { MemberReadPlan } from './member-reads.js';

/** The pool's department tree: parents, and members per subtree. */
export interface DeptTree {
  /** A department's parent (none for the root). */
  parent: Map<string, string>;
  /** Members of each department itself. */
  size: Map<string, number>;
  /** Members of each department and every department below it (one in two departments counts twice). */
  subtreeSize: Map<string, number>;
}
/** What a batch's reads cost a department, before subtrees: its calls and the members they read. */
export interface DeptReads {
  calls: number;
  members: number;
}

/**
 * Where one read of a department and everything below it (WeCom's user/list with fetch_child=1)
 * is cheaper than the reads planned inside it: fewer calls for more members read. `weight` is
 * what one call is worth in members read (a call spends the budget; a member costs transfer and
 * parsing). A tree DP: each department either is read whole, or costs its own reads plus its
 * children's best. None larger than `maxMembers` (one answer's size is held in memory at once).
 * Returns the departments to read whole (none inside another).
 */
export function subtreesToRead(tree: DeptTree, planned: Map<string, DeptReads>, weight: number, maxMembers = Infinity): string[] {
  // Every planned department and its ancestors, deepest first.
  const depth = depths(tree.parent, planned.keys());
  const nodes = [...depth.keys()].sort((a, b) => depth.get(b)! - depth.get(a)!);

  const below = new Map<string, number>(); // best cost of the planned reads strictly below a node
  const calls = new Map<string, number>(); // calls planned in a node's subtree
  const whole = new Set<string>();
  for (const d of nodes) {
    const own = planned.get(d);
    const c = (own?.calls ?? 0) + (calls.get(d) ?? 0);
    const split = (own ? own.calls * weight + own.members : 0) + (below.get(d) ?? 0);
    const size = tree.subtreeSize.get(d) ?? 0;
    const read = weight + size;
    const chooseWhole = c > 1 && read < split && size <= maxMembers;
    if (chooseWhole) whole.add(d);
    const p = tree.parent.get(d);
    if (p !== undefined && depth.has(p)) {
      below.set(p, (below.get(p) ?? 0) + (chooseWhole ? read : split));
      calls.set(p, (calls.get(p) ?? 0) + (chooseWhole ? 1 : c));
    }
  }
  // Top-down: a whole read inside another chosen one is part of it.
  return [...whole].filter((d) => !hasAncestorIn(tree, d, whole));
}

/** The department of `roots` that `dept` is in (itself or below it), if any. */
export function rootOf(tree: DeptTree, dept: string, roots: Set<string>): string | undefined {
  const seen = new Set<string>();
  for (let d: string | undefined = dept; d !== undefined && !seen.has(d); d = tree.parent.get(d)) {
    if (roots.has(d)) return d;
    seen.add(d);
  }
  return undefined;
}

function hasAncestorIn(tree: DeptTree, dept: string, set: Set<string>): boolean {
  const p = tree.parent.get(dept);
  return p !== undefined && rootOf(tree, p, set) !== undefined;
}

/**
 * The depth of each of `ids` and of their ancestors (0 at a root). Walks up without recursion;
 * a cycle in a damaged tree ends the walk where it closes.
 */
function depths(parent: Map<string, string>, ids: Iterable<string>): Map<string, number> {
  const depth = new Map<string, number>();
  for (const id of ids) {
    const path: string[] = [];
    const onPath = new Set<string>();
    let d: string | undefined = id;
    while (d !== undefined && !depth.has(d) && !onPath.has(d)) {
      path.push(d);
      onPath.add(d);
      d = parent.get(d);
    }
    let n = d !== undefined && depth.has(d) ? depth.get(d)! + 1 : 0;
    for (let i = path.length - 1; i >= 0; i--) depth.set(path[i]!, n++);
  }
  return depth;
}

/** Reads the pool's active department tree with members per department (two queries). */
export async function readDeptTree(pool: PoolContext): Promise<DeptTree> {
  const db: Knex = pool.db;
  const [depts, counts] = await Promise.all([
    db(T.departments).where({ corp_id: pool.corpId, status: ACTIVE }).select('dept_id', 'parent_id'),
    db(T.deptMembers).where('corp_id', pool.corpId).groupBy('dept_id').select('dept_id', db.raw('count(*) as n')),
  ]);
  const parent = new Map<string, string>();
  for (const r of depts) if (r.parent_id !== null && r.parent_id !== undefined) parent.set(String(r.dept_id), String(r.parent_id));
  const size = new Map(counts.map((r) => [String(r.dept_id), Number(r.n)]));
  const subtreeSize = new Map(size);
  const depth = depths(
    parent,
    depts.map((r) => String(r.dept_id)),
  );
  // Deepest first, each adds its subtree to its parent's.
  for (const d of [...depth.keys()].sort((a, b) => depth.get(b)! - depth.get(a)!)) {
    const p = parent.get(d);
    if (p !== undefined && depth.get(p)! < depth.get(d)!) subtreeSize.set(p, (subtreeSize.get(p) ?? 0) + (subtreeSize.get(d) ?? 0));
  }
  return { parent, size, subtreeSize };
}

const TREE_TTL_MS = 60_000;
const trees = new WeakMap<Knex, Map<number, { at: number; tree: Promise<DeptTree> }>>();

/**
 * The tree, read at most once a minute per corp: it only prices reads (a member a subtree read
 * does not show is read on its own after), so a tree a minute old costs calls, never answers.
 */
export function cachedDeptTree(pool: PoolContext, now = Date.now()): Promise<DeptTree> {
  let byCorp = trees.get(pool.db);
  if (!byCorp) trees.set(pool.db, (byCorp = new Map()));
  const hit = byCorp.get(pool.corpId);
  if (hit && now - hit.at < TREE_TTL_MS) return hit.tree;
  const tree = readDeptTree(pool);
  byCorp.set(pool.corpId, { at: now, tree });
  tree.catch(() => byCorp.delete(pool.corpId));
  return tree;
}

/** Drops a corp's cached tree (corp.ts, after a committed run that added, moved or removed departments). */
export function forgetDeptTree(pool: PoolContext): void {
  trees.get(pool.db)?.delete(pool.corpId);
}

/**
 * A batch's read plan with the departments worth reading whole (subtreesToRead) taken out of it:
 * their lists and lone members are covered by the whole read instead.
 */
export function mergeIntoSubtrees(
  plan: MemberReadPlan,
  tree: DeptTree,
  weight: number,
  maxMembers?: number,
): { plan: MemberReadPlan; subtrees: string[] } {
  const planned = new Map<string, DeptReads>();
  const add = (dept: string, calls: number, members: number) => {
    const r = planned.get(dept);
    if (r) {
      r.calls += calls;
      r.members += members;
    } else planned.set(dept, { calls, members });
  };
  for (const l of plan.lists) add(l.dept, l.cost, tree.size.get(l.dept) ?? l.members.length);
  for (const l of plan.lone) add(l.dept, 1, 1);
  const roots = new Set(subtreesToRead(tree, planned, weight, maxMembers));
  if (!roots.size) return { plan, subtrees: [] };
  const inWhole = (dept: string) => rootOf(tree, dept, roots) !== undefined;
  const covered = new Set(plan.covered);
  for (const l of plan.lone) if (inWhole(l.dept)) covered.add(l.member);
  return {
    plan: { lists: plan.lists.filter((l) => !inWhole(l.dept)), lone: plan.lone.filter((l) => !inWhole(l.dept)), covered },
    subtrees: [...roots],
  };
}
