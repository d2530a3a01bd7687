import type { Knex } from 'knex';
import { toRowData, type RowData } from '@jitkit/core';
import { ACTIVE, T } from '../store/tables.js';
import type { CorpRecord } from './corp-records.js';
import { getAdmins } from './member-ops.js';
import { listRoleGroups, listRoles, type RoleGroupInfo, type RoleInfo } from './role-ops.js';

export interface LocalMemberInfo {
  memberId: string;
  userId: string;
  /** 1 active, 2 resigned. */
  status: number;
  name: string;
  position: string | null;
  mobile: string | null;
  email: string | null;
  avatar: string | null;
  gender: string | null;
  mainDeptId: string | null;
  enabled: boolean;
  /** The upstream identity (WeCom userid) the member is bound to. */
  externalUserid: string | null;
  joinedAt: number;
  resignedAt: number | null;
}

export interface LocalDeptInfo {
  deptId: string;
  name: string;
  nameEn: string | null;
  parentId: string | null;
  order: number;
  corpFullName: string;
  leaders: string[];
  /** Names from the root down: "示例科技/研发中心/前端组". */
  path: string;
  idPath: string[];
}

export interface LocalCorpData {
  corp: Omit<CorpRecord, 'id'>;
  userList: LocalMemberInfo[];
  deptList: LocalDeptInfo[];
  deptMemberList: { deptId: string; memberId: string; isLeader: boolean; order: number }[];
  roleList: RoleInfo[];
  roleGroupList: RoleGroupInfo[];
  roleMemberSet: { roleId: string; memberId: string; source: string }[];
  adminList: string[];
  /** Third-party auth info: the binding of each member to its upstream identity. */
  thirdAuthList: { memberId: string; userId: string; externalUserid: string }[];
}

type DeptRow = {
  dept_id: string;
  name: string;
  name_en: string | null;
  parent_id: string | null;
  sort_order: number;
  leaders: string | null;
};

function withPaths(rows: DeptRow[], corpFullName: string): LocalDeptInfo[] {
  const byId = new Map(rows.map((r) => [r.dept_id, r]));
  const cache = new Map<string, string[]>();
  const idPath = (id: string, seen = new Set<string>()): string[] => {
    const hit = cache.get(id);
    if (hit) return hit;
    const r = byId.get(id);
    const parent = r?.parent_id && byId.has(r.parent_id) && !seen.has(r.parent_id) ? idPath(r.parent_id, seen.add(id)) : [];
    const path = [...parent, id];
    cache.set(id, path);
    return path;
  };
  return rows.map((r) => {
    const ids = idPath(r.dept_id);
    return {
      deptId: r.dept_id,
      name: r.name,
      nameEn: r.name_en,
      parentId: r.parent_id,
      order: Number(r.sort_order),
      corpFullName,
      leaders: r.leaders ? (JSON.parse(r.leaders) as string[]) : [],
      path: ids.map((i) => byId.get(i)!.name).join('/'),
      idPath: ids,
    };
  });
}

export async function localCorpData(db: Knex, corp: CorpRecord): Promise<LocalCorpData> {
  const [members, depts, deptMembers, roles, groups, roleMembers, admins] = await Promise.all([
    db(`${T.members} as m`)
      .leftJoin(`${T.bindings} as b`, (j) => j.on('b.corp_id', 'm.corp_id').andOn('b.member_id', 'm.member_id'))
      .where('m.corp_id', corp.id)
      .orderBy('m.member_id')
      .select(
        'm.member_id',
        'm.user_id',
        'm.status',
        'm.name',
        'm.position',
        'm.mobile',
        'm.email',
        'm.avatar',
        'm.gender',
        'm.main_dept_id',
        'm.enabled',
        'm.joined_at',
        'm.resigned_at',
        'b.upstream_id',
      ),
    db(T.departments)
      .where({ corp_id: corp.id, status: ACTIVE })
      .orderBy('dept_id')
      .select('dept_id', 'name', 'name_en', 'parent_id', 'sort_order', 'leaders'),
    db(T.deptMembers)
      .where({ corp_id: corp.id })
      .orderBy(['dept_id', 'member_id'])
      .select('dept_id', 'member_id', 'is_leader', 'sort_order'),
    listRoles(db),
    listRoleGroups(db),
    db(T.roleMembers).where({ corp_id: corp.id }).orderBy(['role_id', 'member_id']).select('role_id', 'member_id', 'source'),
    getAdmins(db, corp.id),
  ]);
  const { id: _id, ...corpInfo } = corp;
  return {
    corp: corpInfo,
    userList: members.map((r) => ({
      memberId: r.member_id,
      userId: r.user_id,
      status: Number(r.status),
      name: r.name,
      position: r.position,
      mobile: r.mobile,
      email: r.email,
      avatar: r.avatar,
      gender: r.gender,
      mainDeptId: r.main_dept_id,
      enabled: Boolean(r.enabled),
      externalUserid: r.upstream_id ?? null,
      joinedAt: Number(r.joined_at),
      resignedAt: r.resigned_at === null ? null : Number(r.resigned_at),
    })),
    deptList: withPaths(depts, corp.fullName),
    deptMemberList: deptMembers.map((r) => ({
      deptId: r.dept_id,
      memberId: r.member_id,
      isLeader: Boolean(r.is_leader),
      order: Number(r.sort_order),
    })),
    roleList: roles.filter((r) => r.source === 'local' || r.corpFullName === corp.fullName),
    roleGroupList: groups,
    roleMemberSet: roleMembers.map((r) => ({ roleId: r.role_id, memberId: r.member_id, source: r.source })),
    adminList: admins,
    thirdAuthList: members
      .filter((r) => r.upstream_id)
      .map((r) => ({ memberId: r.member_id, userId: r.user_id, externalUserid: r.upstream_id })),
  };
}

export interface RootDept {
  deptId: string;
  name: string;
  corpFullName: string;
  parentId: string | null;
  externalId: string | null;
}

export async function rootDept(db: Knex, corp: CorpRecord): Promise<RowData<RootDept>> {
  const r = await db(T.departments).where({ corp_id: corp.id, dept_id: corp.rootDeptId }).first();
  return toRowData({
    deptId: corp.rootDeptId,
    name: r?.name ?? corp.title,
    corpFullName: corp.fullName,
    parentId: r?.parent_id ?? null,
    externalId: r?.external_id ?? null,
  });
}

/** One member of the corp with its departments and roles (what a login session shows). */
export async function memberProfile(db: Knex, corp: CorpRecord, memberId: string) {
  const m = await db(T.members).where({ corp_id: corp.id, member_id: memberId }).first();
  if (!m) return undefined;
  const depts = await db(`${T.deptMembers} as dm`)
    .join(`${T.departments} as d`, (j) => j.on('d.corp_id', 'dm.corp_id').andOn('d.dept_id', 'dm.dept_id'))
    .where({ 'dm.corp_id': corp.id, 'dm.member_id': memberId })
    .orderBy('d.dept_id')
    .select('d.dept_id', 'd.name', 'dm.is_leader', 'dm.sort_order');
  const roles = await db(`${T.roleMembers} as rm`)
    .join(`${T.roles} as r`, 'r.role_id', 'rm.role_id')
    .where({ 'rm.corp_id': corp.id, 'rm.member_id': memberId, 'r.status': ACTIVE })
    .orderBy('r.role_id')
    .distinct('r.role_id', 'r.name');
  const binding = await db(T.bindings).where({ corp_id: corp.id, member_id: memberId }).first();
  return {
    memberId,
    userId: m.user_id as string,
    name: m.name as string,
    position: m.position as string | null,
    mobile: m.mobile as string | null,
    email: m.email as string | null,
    alias: m.alias as string | null,
    englishName: m.english_name as string | null,
    telephone: m.telephone as string | null,
    status: Number(m.status),
    enabled: Boolean(m.enabled),
    externalUserid: (binding?.upstream_id as string | undefined) ?? null,
    mainDeptId: m.main_dept_id as string | null,
    directLeaders: parseJson<string[]>(m.direct_leaders) ?? [],
    /** The upstream's own custom fields, as it sends them (WeCom's extattr.attrs). */
    extAttrs: parseJson<unknown>(m.ext_attrs) ?? null,
    attributes: parseJson<Record<string, string>>(m.attributes) ?? {},
    departments: depts.map((d) => ({
      deptId: d.dept_id as string,
      name: d.name as string,
      isLeader: Boolean(d.is_leader),
      order: Number(d.sort_order),
    })),
    roles: roles.map((r) => ({ roleId: r.role_id as string, name: r.name as string })),
  };
}

export async function memberIdByUpstreamId(db: Knex, corpId: number, upstreamId: string): Promise<string | undefined> {
  const r = await db(T.bindings).where({ corp_id: corpId, upstream_id: upstreamId }).first('member_id');
  return r?.member_id;
}

function parseJson<T>(raw: unknown): T | undefined {
  if (typeof raw !== 'string' || raw === '') return undefined;
  try {
    return JSON.parse(raw) as T;
  } catch {
    return undefined;
  }
}
