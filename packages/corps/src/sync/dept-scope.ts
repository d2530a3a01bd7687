import type { UpstreamOrg } from './upstream.js';

/** `sync.scope` of a corp's config: only these subtrees (default: all the app sees), minus those. */
export interface DeptScope {
  include?: string[];
  exclude?: string[];
}

export function hasDeptScope(s: DeptScope | undefined): s is DeptScope {
  return !!s && ((s.include?.length ?? 0) > 0 || (s.exclude?.length ?? 0) > 0);
}

/**
 * Narrows what upstream returned to the configured scope, before planning: departments outside
 * it are dropped (the root stays: it anchors the corp), members keep only their in-scope
 * departments and are dropped when none is left, tags grant roles only in scope. `parents`
 * gives each department's parent (upstream's, over the pool's for a targeted read). Returns the
 * upstream ids of the members dropped, so the report can say "out of scope".
 */
export function applyDeptScope(
  upstream: UpstreamOrg,
  scope: DeptScope,
  parents: Map<string, string | null>,
  rootDeptId: string,
): { upstream: UpstreamOrg; outOfScope: Set<string> } {
  const include = new Set(scope.include ?? []);
  const exclude = new Set(scope.exclude ?? []);
  const memo = new Map<string, boolean>();
  const inScope = (deptId: string): boolean => {
    const known = memo.get(deptId);
    if (known !== undefined) return known;
    let included = include.size === 0;
    let excluded = false;
    const seen = new Set<string>();
    for (let d: string | null | undefined = deptId; d != null && !seen.has(d); d = parents.get(d)) {
      seen.add(d);
      if (exclude.has(d)) excluded = true;
      if (include.has(d)) included = true;
    }
    const result = included && !excluded;
    memo.set(deptId, result);
    return result;
  };
  const outOfScope = new Set<string>();
  const members = upstream.members.flatMap((m) => {
    const memberships = m.memberships.filter((x) => inScope(x.deptExternalId));
    if (memberships.length === 0) {
      outOfScope.add(m.externalId);
      return [];
    }
    const main = m.mainDeptExternalId && inScope(m.mainDeptExternalId) ? m.mainDeptExternalId : memberships[0]!.deptExternalId;
    return [{ ...m, memberships, mainDeptExternalId: main }];
  });
  return {
    upstream: {
      depts: upstream.depts.filter((d) => d.externalId === rootDeptId || inScope(d.externalId)),
      members,
      tags: upstream.tags.map((t) => ({ ...t, deptExternalIds: t.deptExternalIds.filter(inScope) })),
    },
    outOfScope,
  };
}
