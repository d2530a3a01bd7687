import { ACTIVE } from '../store/tables.js';
import type { LocalState } from './local-state.js';
import type { UpstreamOrg } from './upstream.js';

/**
 * Child departments by parent: the pool's tree (whole, when loaded, else the departments read),
 * with what upstream says now taking the place of what the pool had (a moved department is under
 * its new parent only).
 */
export function childrenOf(upstream: UpstreamOrg, local: LocalState): Map<string, string[]> {
  const parents = new Map<string, string | null>(local.treeParents ?? []);
  for (const d of local.depts.values()) {
    if (d.status === ACTIVE) parents.set(d.deptId, d.parentId);
    else parents.delete(d.deptId);
  }
  for (const d of upstream.depts) parents.set(d.externalId, d.parentExternalId);
  const out = new Map<string, string[]>();
  for (const [child, parent] of parents) {
    if (parent === null) continue;
    let list = out.get(parent);
    if (!list) out.set(parent, (list = []));
    list.push(child);
  }
  return out;
}

/** A department and every department under it (cycles in bad data end the walk). */
export function subtree(root: string, children: Map<string, string[]>): string[] {
  const out: string[] = [];
  const stack = [root];
  const seen = new Set<string>();
  while (stack.length) {
    const d = stack.pop()!;
    if (seen.has(d)) continue;
    seen.add(d);
    out.push(d);
    stack.push(...(children.get(d) ?? []));
  }
  return out;
}

/** The departments tags grant their roles to, subtrees included. */
export function tagDepts(upstream: UpstreamOrg, children: Map<string, string[]>): string[] {
  return [...new Set(upstream.tags.flatMap((t) => t.deptExternalIds.flatMap((d) => subtree(d, children))))];
}
