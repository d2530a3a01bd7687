import { ACTIVE } from '../store/tables.js';
import type { LocalState } from './local-state.js';
import type { UpstreamOrg } from './upstream.js';

/** Child departments by parent, from the pool's active departments and what upstream says. */
export function childrenOf(upstream: UpstreamOrg, local: LocalState): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (parent: string | null, child: string) => {
    if (parent === null) return;
    let list = out.get(parent);
    if (!list) out.set(parent, (list = []));
    if (!list.includes(child)) list.push(child);
  };
  for (const d of local.depts.values()) if (d.status === ACTIVE) add(d.parentId, d.deptId);
  for (const d of upstream.depts) add(d.parentExternalId, d.externalId);
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
