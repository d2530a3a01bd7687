import { ACTIVE } from '../store/tables.js';
import { childrenOf, subtree } from './org-tree.js';
import type { PlannedMembers } from './plan-members.js';
import type { PlanContext } from './planner.js';
import { inScope, type UpstreamOrg } from './upstream.js';

export const tagRoleId = (corpFullName: string, tagExternalId: string) => `tag:${corpFullName}:${tagExternalId}`;

/**
 * Plans tags as roles: each tag is a synced role whose members are the tag's members plus every
 * member of its departments (subtrees included). Resigned members leave synced roles (manual
 * roles stay for when they return).
 */
export function planRoles(ctx: PlanContext, members: PlannedMembers): void {
  const { corp, upstream, local, scope, now } = ctx.input;
  const { plan, change } = ctx;
  const { memberOf, gone } = members;
  const resigned = new Set(plan.resign);
  // A full sync knows every member's departments from upstream. A targeted one knows them for
  // the members it read; for the others the pool knows (and is right: they did not change).
  const deptMembers = membersByDept(upstream, memberOf);
  const readHere =
    scope === 'all'
      ? undefined
      : new Set<string>([
          ...upstream.members.map((m) => memberOf(m.externalId)).filter((x): x is string => !!x),
          ...gone.map((b) => b.memberId),
        ]);
  const children = childrenOf(upstream, local);
  for (const t of upstream.tags) {
    const roleId = tagRoleId(corp.fullName, t.externalId);
    const current = local.roles.get(t.externalId);
    const created = !current || current.status !== ACTIVE;
    const ref = { id: roleId, externalId: t.externalId, name: t.name };
    if (created || current.name !== t.name) {
      // One row either way: created (or back from removed), or renamed.
      plan.roleRows.push({
        role_id: roleId,
        name: t.name,
        group_id: null,
        corp_id: corp.id,
        external_id: t.externalId,
        source: 'sync',
        status: ACTIVE,
        created_at: now,
        updated_at: now,
      });
      if (created) {
        plan.counts.rolesCreated++;
        change({ kind: 'role.created', ...ref });
      } else {
        plan.counts.rolesRenamed++;
        change({ kind: 'role.renamed', ...ref, detail: `${current.name} -> ${t.name}` });
      }
    }
    const want = new Set<string>();
    for (const ext of t.memberExternalIds) {
      const id = memberOf(ext);
      if (id && !resigned.has(id)) want.add(id);
    }
    for (const d of t.deptExternalIds.flatMap((x) => subtree(x, children))) {
      for (const id of deptMembers.get(d) ?? []) if (!resigned.has(id)) want.add(id);
      if (readHere) for (const id of local.deptMembers?.get(d) ?? []) if (!readHere.has(id) && !resigned.has(id)) want.add(id);
    }
    const have = local.roleMembers.get(roleId) ?? new Set<string>();
    for (const id of want) {
      if (have.has(id)) continue;
      plan.roleMemberInserts.push({ corp_id: corp.id, role_id: roleId, member_id: id, source: 'sync', created_at: now });
      plan.counts.roleMembershipsAdded++;
      change({ kind: 'role.member.added', id: roleId, externalId: t.externalId, name: id });
    }
    for (const id of have) {
      if (want.has(id)) continue;
      plan.roleMemberDeletes.push({ roleId, memberId: id });
      plan.counts.roleMembershipsRemoved++;
      change({ kind: 'role.member.removed', id: roleId, externalId: t.externalId, name: id });
    }
  }
  if (!ctx.removals) return;
  const upTags = new Set(upstream.tags.map((t) => t.externalId));
  const removedRoles = new Set<string>();
  for (const r of local.roles.values()) {
    if (r.status !== ACTIVE || upTags.has(r.externalId) || !inScope(scope, 'tags', r.externalId)) continue;
    removedRoles.add(r.roleId);
    plan.roleRemovals.push(r.roleId);
    plan.counts.rolesRemoved++;
    change({ kind: 'role.removed', id: r.roleId, externalId: r.externalId, name: r.name });
    for (const id of local.roleMembers.get(r.roleId) ?? []) {
      plan.roleMemberDeletes.push({ roleId: r.roleId, memberId: id });
      plan.counts.roleMembershipsRemoved++;
    }
  }
  if (resigned.size === 0) return;
  const planned = new Set(plan.roleMemberDeletes.map((d) => `${d.roleId}\n${d.memberId}`));
  for (const [roleId, ids] of local.roleMembers) {
    if (removedRoles.has(roleId)) continue;
    for (const id of ids) {
      if (!resigned.has(id) || planned.has(`${roleId}\n${id}`)) continue;
      plan.roleMemberDeletes.push({ roleId, memberId: id });
      plan.counts.roleMembershipsRemoved++;
      change({ kind: 'role.member.removed', id: roleId, name: id });
    }
  }
}

function membersByDept(upstream: UpstreamOrg, memberOf: PlannedMembers['memberOf']): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const m of upstream.members) {
    const id = memberOf(m.externalId);
    if (!id) continue;
    for (const x of m.memberships) {
      let list = out.get(x.deptExternalId);
      if (!list) out.set(x.deptExternalId, (list = []));
      list.push(id);
    }
  }
  return out;
}
