import type { Knex } from 'knex';
import { chunks } from '../store/bulk.js';
import { T } from '../store/tables.js';
import type { SyncScope } from './upstream.js';

export interface LocalMember {
  memberId: string;
  userId: string;
  externalId: string | null;
  status: number;
  hash: string | null;
  mobile: string | null;
  email: string | null;
  name: string;
}

export interface LocalDept {
  deptId: string;
  externalId: string | null;
  parentId: string | null;
  name: string;
  status: number;
  hash: string | null;
  source: string;
}

export interface LocalRole {
  roleId: string;
  externalId: string;
  name: string;
  status: number;
}

/**
 * The part of the pool a sync compares with upstream: for a full sync, every member, department
 * and synced role of the corp (a few narrow columns, one query each); for a targeted sync, only
 * the rows its scope names.
 */
export interface LocalState {
  corpId: number;
  rootDeptId: string;
  depts: Map<string, LocalDept>;
  /** Members bound to an upstream identity, by that identity. */
  bound: Map<string, LocalMember>;
  /** Every member id of the corp that is known to be taken (all of them for a full sync). */
  takenMemberIds: Set<string>;
  roles: Map<string, LocalRole>;
  roleMembers: Map<string, Set<string>>;
}

const memberColumns = ['m.member_id', 'm.user_id', 'm.status', 'm.hash', 'm.mobile', 'm.email', 'm.name', 'b.external_userid'];

type MemberRow = {
  member_id: string;
  user_id: string;
  status: number;
  hash: string | null;
  mobile: string | null;
  email: string | null;
  name: string;
  external_userid: string | null;
};

function toMember(r: MemberRow): LocalMember {
  return {
    memberId: r.member_id,
    userId: r.user_id,
    externalId: r.external_userid,
    status: Number(r.status),
    hash: r.hash,
    mobile: r.mobile,
    email: r.email,
    name: r.name,
  };
}

export async function loadLocalState(
  db: Knex | Knex.Transaction,
  corpId: number,
  rootDeptId: string,
  scope: SyncScope,
  extra: { memberExternalIds?: string[]; mobiles?: string[]; emails?: string[]; deptIds?: string[] } = {},
): Promise<LocalState> {
  const state: LocalState = {
    corpId,
    rootDeptId,
    depts: new Map(),
    bound: new Map(),
    takenMemberIds: new Set(),
    roles: new Map(),
    roleMembers: new Map(),
  };
  const membersQuery = () =>
    db(`${T.members} as m`)
      .leftJoin(`${T.bindings} as b`, (j) => j.on('b.corp_id', 'm.corp_id').andOn('b.member_id', 'm.member_id'))
      .where('m.corp_id', corpId)
      .select(memberColumns);
  const deptsQuery = () =>
    db(T.departments).where('corp_id', corpId).select('dept_id', 'external_id', 'parent_id', 'name', 'status', 'hash', 'source');
  const addMember = (r: MemberRow) => {
    const m = toMember(r);
    state.takenMemberIds.add(m.memberId);
    if (m.externalId !== null) state.bound.set(m.externalId, m);
  };
  const addDept = (r: {
    dept_id: string;
    external_id: string | null;
    parent_id: string | null;
    name: string;
    status: number;
    hash: string | null;
    source: string;
  }) =>
    state.depts.set(r.dept_id, {
      deptId: r.dept_id,
      externalId: r.external_id,
      parentId: r.parent_id,
      name: r.name,
      status: Number(r.status),
      hash: r.hash,
      source: r.source,
    });

  if (scope === 'all') {
    for (const r of (await membersQuery()) as MemberRow[]) addMember(r);
    for (const r of await deptsQuery()) addDept(r);
  } else {
    const externals = [...new Set([...(scope.members ?? []), ...(extra.memberExternalIds ?? [])])];
    for (const part of chunks(externals))
      for (const r of (await membersQuery().whereIn('b.external_userid', part)) as MemberRow[]) addMember(r);
    // Rename / returning-person candidates share a mobile or an email with a newcomer.
    for (const part of chunks(extra.mobiles ?? []))
      for (const r of (await membersQuery().whereIn('m.mobile', part)) as MemberRow[]) addMember(r);
    for (const part of chunks(extra.emails ?? []))
      for (const r of (await membersQuery().whereIn('m.email', part)) as MemberRow[]) addMember(r);
    const deptIds = [...new Set([rootDeptId, ...(scope.depts ?? []), ...(extra.deptIds ?? [])])];
    for (const part of chunks(deptIds)) for (const r of await deptsQuery().whereIn('dept_id', part)) addDept(r);
  }

  const rolesQuery = db(T.roles).where({ corp_id: corpId, source: 'sync' }).select('role_id', 'external_id', 'name', 'status');
  if (scope !== 'all' && scope.tags !== 'all') rolesQuery.whereIn('external_id', scope.tags ?? []);
  for (const r of await rolesQuery)
    state.roles.set(r.external_id, { roleId: r.role_id, externalId: r.external_id, name: r.name, status: Number(r.status) });
  const roleIds = [...state.roles.values()].map((r) => r.roleId);
  if (roleIds.length) {
    for (const part of chunks(roleIds)) {
      for (const r of await db(T.roleMembers)
        .where({ corp_id: corpId, source: 'sync' })
        .whereIn('role_id', part)
        .select('role_id', 'member_id')) {
        let set = state.roleMembers.get(r.role_id);
        if (!set) state.roleMembers.set(r.role_id, (set = new Set()));
        set.add(r.member_id);
      }
    }
  }
  return state;
}

/** Whether member ids are taken in the corp (for ids a targeted load did not bring in). */
export async function takenMemberIds(db: Knex | Knex.Transaction, corpId: number, ids: string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (const part of chunks(ids))
    for (const r of await db(T.members).where('corp_id', corpId).whereIn('member_id', part).select('member_id')) out.add(r.member_id);
  return out;
}
