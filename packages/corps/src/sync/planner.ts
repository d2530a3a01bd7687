import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { selectIn } from '../store/bulk.js';
import { ACTIVE, T } from '../store/tables.js';
import { deptHash, memberHash } from './hash.js';
import { takenMemberIds, type LocalMember, type LocalState } from './local-state.js';
import { emptyCounts, type Change } from './model.js';
import type { Plan } from './plan.js';
import { MEMBER_FIELDS, type DeptRow, type MemberRow } from './rows.js';
import { inScope, type SyncScope, type UpstreamMember, type UpstreamOrg } from './upstream.js';

export type SyncKind = 'full' | 'additive' | 'event';

export interface PlanInput {
  db: Knex | Knex.Transaction;
  corp: { id: number; fullName: string; rootDeptId: string };
  upstream: UpstreamOrg;
  scope: SyncScope;
  local: LocalState;
  kind: SyncKind;
  now: number;
  /** Known renames (old external id -> new), e.g. from an update_user event with NewUserID. */
  renames?: Map<string, string>;
}

export const tagRoleId = (corpFullName: string, tagExternalId: string) => `tag:${corpFullName}:${tagExternalId}`;

const json = (v: unknown) => JSON.stringify(v ?? null);
const lower = (s: string | undefined | null) => (s ? s.toLowerCase() : '');

/**
 * Compares upstream with the pool and plans every write. Identity is the binding between an
 * upstream id and a memberId; a member whose upstream id changed is recognised through an
 * explicit rename, or (full sync) by the same mobile or email, which WeCom keeps unique.
 */
export async function planSync(input: PlanInput): Promise<Plan> {
  const { corp, upstream, scope, local, kind, now, db } = input;
  const plan: Plan = {
    counts: emptyCounts(),
    changes: [],
    deptRows: [],
    deptRemovals: [],
    userRows: [],
    userUpdates: [],
    memberRows: [],
    resign: [],
    bindingInserts: [],
    rebinds: [],
    membershipReplace: [],
    membershipRows: [],
    roleRows: [],
    roleRemovals: [],
    roleMemberInserts: [],
    roleMemberDeletes: [],
    before: {
      activeMembers: [...local.bound.values()].filter((m) => m.status === ACTIVE).length,
      activeDepts: [...local.depts.values()].filter((d) => d.status === ACTIVE && d.source === 'sync' && d.deptId !== corp.rootDeptId)
        .length,
    },
  };
  const change = (c: Change) => plan.changes.push(c);
  const removals = kind !== 'additive';

  // ---- departments ----------------------------------------------------------------------------
  const upDepts = new Map(upstream.depts.map((d) => [d.externalId, d]));
  const deptKnown = (id: string) => upDepts.has(id) || local.depts.get(id)?.status === ACTIVE;
  for (const d of upstream.depts) {
    const deptId = d.externalId;
    const isRoot = deptId === corp.rootDeptId;
    const parentId = isRoot
      ? null
      : d.parentExternalId && d.parentExternalId !== deptId && deptKnown(d.parentExternalId)
        ? d.parentExternalId
        : corp.rootDeptId;
    const hash = deptHash(d, parentId);
    const current = local.depts.get(deptId);
    if (current && current.status === ACTIVE && current.hash === hash) continue;
    const row: DeptRow = {
      corp_id: corp.id,
      dept_id: deptId,
      external_id: d.externalId,
      parent_id: parentId,
      name: d.name,
      name_en: d.nameEn ?? null,
      sort_order: d.order,
      leaders: json(d.leaders),
      status: ACTIVE,
      source: 'sync',
      hash,
      created_at: now,
      updated_at: now,
    };
    plan.deptRows.push(row);
    if (!current || current.status !== ACTIVE) {
      plan.counts.deptsCreated++;
      change({ kind: 'dept.created', id: deptId, externalId: d.externalId, name: d.name });
      continue;
    }
    let kindOf: 'renamed' | 'moved' | 'updated' = 'updated';
    if (current.name !== d.name) {
      kindOf = 'renamed';
      plan.counts.deptsRenamed++;
      change({ kind: 'dept.renamed', id: deptId, externalId: d.externalId, name: d.name, detail: `${current.name} -> ${d.name}` });
    }
    if ((current.parentId ?? null) !== parentId) {
      kindOf = 'moved';
      plan.counts.deptsMoved++;
      change({
        kind: 'dept.moved',
        id: deptId,
        externalId: d.externalId,
        name: d.name,
        detail: `parent ${current.parentId} -> ${parentId}`,
      });
    }
    if (kindOf === 'updated') {
      plan.counts.deptsUpdated++;
      change({ kind: 'dept.updated', id: deptId, externalId: d.externalId, name: d.name });
    }
  }
  if (removals) {
    for (const d of local.depts.values()) {
      if (d.status !== ACTIVE || d.source !== 'sync' || d.deptId === corp.rootDeptId || d.externalId === null) continue;
      if (upDepts.has(d.externalId) || !inScope(scope, 'depts', d.externalId)) continue;
      plan.deptRemovals.push(d.deptId);
      plan.counts.deptsRemoved++;
      change({ kind: 'dept.removed', id: d.deptId, externalId: d.externalId, name: d.name });
    }
  }
  const removedDepts = new Set(plan.deptRemovals);
  const deptUsable = (id: string) => !removedDepts.has(id) && deptKnown(id);

  // ---- members --------------------------------------------------------------------------------
  const upMembers = new Map(upstream.members.map((m) => [m.externalId, m]));
  const memberOf = new Map<string, string>(); // upstream id -> memberId, for tags
  for (const [ext, m] of local.bound) if (m.status === ACTIVE || upMembers.has(ext)) memberOf.set(ext, m.memberId);
  const assigned = new Set<string>();

  const memberRow = (m: UpstreamMember, memberId: string, userId: string, hash: string, isNew = false): MemberRow => {
    const depts = m.memberships.filter((x) => deptUsable(x.deptExternalId));
    const main = m.mainDeptExternalId && deptUsable(m.mainDeptExternalId) ? m.mainDeptExternalId : (depts[0]?.deptExternalId ?? null);
    // A new member has no memberships to replace; skipping the delete saves a statement per 1,000.
    if (!isNew) plan.membershipReplace.push(memberId);
    for (const x of depts)
      plan.membershipRows.push({
        corp_id: corp.id,
        dept_id: x.deptExternalId,
        member_id: memberId,
        is_leader: x.isLeader,
        sort_order: x.order,
        source: 'sync',
      });
    return {
      corp_id: corp.id,
      member_id: memberId,
      user_id: userId,
      status: ACTIVE,
      name: m.name,
      position: m.position ?? null,
      mobile: m.mobile || null,
      email: m.email || null,
      avatar: m.avatar || null,
      gender: m.gender ?? null,
      alias: m.alias || null,
      english_name: m.englishName || null,
      telephone: m.telephone || null,
      main_dept_id: main,
      direct_leaders: json(m.directLeaders),
      ext_attrs: m.extAttrs === undefined ? null : json(m.extAttrs),
      upstream_status: m.upstreamStatus,
      enabled: m.enabled,
      source: 'sync',
      hash,
      joined_at: now,
      resigned_at: null,
      updated_at: now,
    };
  };
  const userRowOf = (userId: string, m: UpstreamMember) => ({
    user_id: userId,
    name: m.name,
    mobile: m.mobile || null,
    email: m.email || null,
    avatar: m.avatar || null,
    gender: m.gender ?? null,
    created_at: now,
    updated_at: now,
  });

  const updated: { memberId: string; row: MemberRow }[] = [];
  const keep = (b: LocalMember, m: UpstreamMember, renamedFrom?: string) => {
    const hash = memberHash(m);
    const reactivating = b.status !== ACTIVE;
    if (!reactivating && b.hash === hash && !renamedFrom) return;
    const row = memberRow(m, b.memberId, b.userId, hash);
    plan.memberRows.push(row);
    plan.userUpdates.push(userRowOf(b.userId, m));
    memberOf.set(m.externalId, b.memberId);
    if (renamedFrom) {
      plan.rebinds.push({ memberId: b.memberId, externalUserid: m.externalId });
      plan.counts.membersRenamed++;
      change({
        kind: 'member.renamed',
        id: b.memberId,
        externalId: m.externalId,
        name: m.name,
        detail: `${renamedFrom} -> ${m.externalId}`,
      });
    }
    if (reactivating) {
      plan.counts.membersReactivated++;
      change({ kind: 'member.reactivated', id: b.memberId, externalId: m.externalId, name: m.name });
    } else if (!renamedFrom || b.hash !== hash) {
      plan.counts.membersUpdated++;
      change({ kind: 'member.updated', id: b.memberId, externalId: m.externalId, name: m.name });
      updated.push({ memberId: b.memberId, row });
    }
  };

  // Explicit renames first (from events): the old binding moves to the new upstream id.
  const consumed = new Set<string>();
  const renamedTo = new Set<string>();
  for (const [oldExt, newExt] of input.renames ?? []) {
    const b = local.bound.get(oldExt);
    const m = upMembers.get(newExt);
    if (!b || !m || local.bound.has(newExt)) continue;
    consumed.add(oldExt);
    renamedTo.add(newExt);
    keep(b, m, oldExt);
  }

  const newcomers: UpstreamMember[] = [];
  for (const m of upstream.members) {
    if (renamedTo.has(m.externalId)) continue;
    const b = local.bound.get(m.externalId);
    if (b) keep(b, m);
    else newcomers.push(m);
  }

  // Members gone upstream: in a full sync every bound member not upstream; in a targeted one only those named.
  const gone = [...local.bound.values()].filter(
    (b) => b.externalId !== null && !upMembers.has(b.externalId) && !consumed.has(b.externalId) && inScope(scope, 'members', b.externalId),
  );
  // A newcomer with the mobile or email of a member gone upstream is that person (renamed or
  // back). "Gone" means upstream was asked and does not have it: a targeted sync widens its
  // scope to such candidates first (runSync), so it decides as a full sync would.
  const candidates = gone;
  const byMobile = new Map<string, LocalMember[]>();
  const byEmail = new Map<string, LocalMember[]>();
  for (const b of candidates) {
    if (b.mobile) byMobile.set(b.mobile, [...(byMobile.get(b.mobile) ?? []), b]);
    if (b.email) byEmail.set(lower(b.email), [...(byEmail.get(lower(b.email)) ?? []), b]);
  }
  const brandNew: UpstreamMember[] = [];
  for (const m of newcomers) {
    const hits = [
      ...new Set([...(m.mobile ? (byMobile.get(m.mobile) ?? []) : []), ...(m.email ? (byEmail.get(lower(m.email)) ?? []) : [])]),
    ].filter((b) => !consumed.has(b.externalId!));
    if (hits.length === 1) {
      consumed.add(hits[0]!.externalId!);
      keep(hits[0]!, m, hits[0]!.externalId!);
    } else brandNew.push(m);
  }

  // Brand-new members: memberId is their upstream id (suffixed if taken), a user found by mobile
  // in another corp or a new one.
  if (brandNew.length) {
    const bases = brandNew.map((m) => m.externalId);
    const taken =
      scope === 'all'
        ? local.takenMemberIds
        : await takenMemberIds(
            db,
            corp.id,
            bases.flatMap((b) => [b, ...[2, 3, 4, 5].map((n) => `${b}~${n}`)]),
          );
    const usersByMobile = await findUsersByMobile(
      db,
      corp.id,
      brandNew.map((m) => m.mobile).filter((x): x is string => !!x),
    );
    for (const m of brandNew) {
      let memberId = m.externalId;
      for (let n = 2; taken.has(memberId) || assigned.has(memberId); n++) memberId = `${m.externalId}~${n}`;
      assigned.add(memberId);
      const linked = m.mobile ? usersByMobile.get(m.mobile) : undefined;
      const userId = linked ?? randomUUID();
      if (linked) {
        usersByMobile.delete(m.mobile!);
        plan.userUpdates.push(userRowOf(userId, m));
      } else plan.userRows.push(userRowOf(userId, m));
      plan.memberRows.push(memberRow(m, memberId, userId, memberHash(m), true));
      plan.bindingInserts.push({
        corp_id: corp.id,
        member_id: memberId,
        external_userid: m.externalId,
        user_id: userId,
        bound_at: now,
        updated_at: now,
      });
      memberOf.set(m.externalId, memberId);
      plan.counts.membersAdded++;
      change({ kind: 'member.added', id: memberId, externalId: m.externalId, name: m.name });
    }
  }

  if (removals) {
    for (const b of gone) {
      if (consumed.has(b.externalId!) || b.status !== ACTIVE) continue;
      plan.resign.push(b.memberId);
      memberOf.delete(b.externalId!);
      plan.counts.membersResigned++;
      change({ kind: 'member.resigned', id: b.memberId, externalId: b.externalId!, name: b.name });
    }
  }

  // ---- tags as roles --------------------------------------------------------------------------
  const resigned = new Set(plan.resign);
  // A full sync knows every member's departments from upstream. A targeted one knows them for
  // the members it read; for the others the pool knows (and is right: they did not change).
  const deptMembers = membersByDept(upstream, memberOf);
  const readHere =
    scope === 'all'
      ? undefined
      : new Set<string>([
          ...upstream.members.map((m) => memberOf.get(m.externalId)).filter((x): x is string => !!x),
          ...gone.map((b) => b.memberId),
        ]);
  const children = childrenOf(upstream, local);
  for (const t of upstream.tags) {
    const roleId = tagRoleId(corp.fullName, t.externalId);
    const current = local.roles.get(t.externalId);
    const created = !current || current.status !== ACTIVE;
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
        change({ kind: 'role.created', id: roleId, externalId: t.externalId, name: t.name });
      } else {
        plan.counts.rolesRenamed++;
        change({ kind: 'role.renamed', id: roleId, externalId: t.externalId, name: t.name, detail: `${current.name} -> ${t.name}` });
      }
    }
    const want = new Set<string>();
    for (const ext of t.memberExternalIds) {
      const id = memberOf.get(ext);
      if (id && !resigned.has(id)) want.add(id);
    }
    const partyDepts = t.deptExternalIds.flatMap((d) => subtree(d, children));
    const partyMembers = partyDepts.flatMap((d) => deptMembers.get(d) ?? []);
    if (readHere) partyMembers.push(...(await localMembersOf(db, corp.id, partyDepts)).filter((id) => !readHere.has(id)));
    for (const id of partyMembers) if (!resigned.has(id)) want.add(id);
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
  if (removals) {
    const upTags = new Set(upstream.tags.map((t) => t.externalId));
    for (const r of local.roles.values()) {
      if (r.status !== ACTIVE || upTags.has(r.externalId) || !inScope(scope, 'tags', r.externalId)) continue;
      plan.roleRemovals.push(r.roleId);
      plan.counts.rolesRemoved++;
      change({ kind: 'role.removed', id: r.roleId, externalId: r.externalId, name: r.name });
      for (const id of local.roleMembers.get(r.roleId) ?? []) {
        plan.roleMemberDeletes.push({ roleId: r.roleId, memberId: id });
        plan.counts.roleMembershipsRemoved++;
      }
    }
  }
  // A resigned member leaves the synced roles too (manual roles stay for when they return).
  if (removals && resigned.size) {
    const planned = new Set(plan.roleMemberDeletes.map((d) => `${d.roleId}\n${d.memberId}`));
    for (const [roleId, members] of local.roleMembers) {
      if (plan.roleRemovals.includes(roleId)) continue;
      for (const id of members) {
        if (resigned.has(id) && !planned.has(`${roleId}\n${id}`)) {
          plan.roleMemberDeletes.push({ roleId, memberId: id });
          plan.counts.roleMembershipsRemoved++;
          change({ kind: 'role.member.removed', id: roleId, name: id });
        }
      }
    }
  }

  await describeUpdates(db, corp.id, updated, plan.changes);
  return plan;
}

async function findUsersByMobile(db: Knex | Knex.Transaction, corpId: number, mobiles: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const rows = await selectIn(mobiles, (part) =>
    db(T.users)
      .whereIn('mobile', part)
      .whereNotExists(db(T.members).whereRaw(`${T.members}.user_id = ${T.users}.user_id`).andWhere(`${T.members}.corp_id`, corpId))
      .select('user_id', 'mobile'),
  );
  for (const r of rows) if (!out.has(r.mobile)) out.set(r.mobile, r.user_id);
  return out;
}

function membersByDept(upstream: UpstreamOrg, memberOf: Map<string, string>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const m of upstream.members) {
    const id = memberOf.get(m.externalId);
    if (!id) continue;
    for (const x of m.memberships) {
      let list = out.get(x.deptExternalId);
      if (!list) out.set(x.deptExternalId, (list = []));
      list.push(id);
    }
  }
  return out;
}

function childrenOf(upstream: UpstreamOrg, local: LocalState): Map<string, string[]> {
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

function subtree(root: string, children: Map<string, string[]>): string[] {
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

async function localMembersOf(db: Knex | Knex.Transaction, corpId: number, deptIds: string[]): Promise<string[]> {
  if (deptIds.length === 0) return [];
  const rows = await db(`${T.deptMembers} as d`)
    .join(`${T.members} as m`, (j) => j.on('m.corp_id', 'd.corp_id').andOn('m.member_id', 'd.member_id'))
    .where({ 'd.corp_id': corpId, 'm.status': ACTIVE })
    .whereIn('d.dept_id', deptIds)
    .distinct('d.member_id');
  return rows.map((r: { member_id: string }) => r.member_id);
}

/** Fills the change list's detail for updated members: which fields changed, from what to what. */
async function describeUpdates(
  db: Knex | Knex.Transaction,
  corpId: number,
  updated: { memberId: string; row: MemberRow }[],
  changes: Change[],
): Promise<void> {
  if (updated.length === 0) return;
  const before = new Map<string, Record<string, unknown>>();
  const ids = updated.map((u) => u.memberId);
  for (const r of await selectIn(ids, (part) =>
    db(T.members)
      .where('corp_id', corpId)
      .whereIn('member_id', part)
      .select(['member_id', ...MEMBER_FIELDS]),
  ))
    before.set(r.member_id, r);
  const detail = new Map<string, string>();
  for (const { memberId, row } of updated) {
    const old = before.get(memberId);
    if (!old) continue;
    const parts: string[] = [];
    for (const f of MEMBER_FIELDS) {
      const a = f === 'enabled' ? Boolean(old[f]) : (old[f] ?? null);
      const b = row[f] ?? null;
      if (String(a) !== String(b)) parts.push(f === 'avatar' || f === 'ext_attrs' ? f : `${f}: ${a} -> ${b}`);
    }
    // Nothing in the member row changed: its departments (or leader flags, order) did.
    detail.set(memberId, parts.length ? parts.join('; ') : 'departments');
  }
  for (const c of changes) if (c.kind === 'member.updated' && detail.has(c.id)) c.detail = detail.get(c.id);
}
