import { DtError } from './errors.js';
import { memberView } from './member-view.js';
import { ROOT_DEPT_ID, type DtUser } from './model.js';
import type { DtSimState } from './state.js';

type Body = Record<string, unknown>;
type Handler = (s: DtSimState, b: Body) => unknown;

const int = (v: unknown, name: string, fallback?: number): number => {
  if ((v === undefined || v === null || v === '') && fallback !== undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n)) throw new DtError(40035, `不合法的参数: ${name}`);
  return n;
};

/**
 * A department the app may read. The root (1) always is, even when the contact scope is a few
 * subtrees (?): the doc does not say; this reading lets a scoped app walk from 1 as every client
 * does, and it is kept here only.
 */
function visibleDept(s: DtSimState, id: number) {
  const d = s.org.dept(id);
  if (id !== ROOT_DEPT_ID && !s.inScopeDept(id)) throw new DtError(50004, '部门不在权限范围');
  return d;
}

/** The children a scoped app sees: those in scope, and under the root the scope's own top departments (?). */
function visibleChildren(s: DtSimState, id: number) {
  const kids = s.org.children(id).filter((d) => s.inScopeDept(d.dept_id));
  const scope = s.settings.scope;
  if (id === ROOT_DEPT_ID && scope)
    for (const top of scope.depts) {
      const d = s.org.depts.get(top);
      if (d && top !== ROOT_DEPT_ID && !kids.includes(d) && !s.inScopeDept(d.parent_id ?? ROOT_DEPT_ID)) kids.push(d);
    }
  return kids;
}

function visibleUser(s: DtSimState, userid: unknown) {
  if (typeof userid !== 'string' || !userid) throw new DtError(40035, '不合法的参数: userid');
  const u = s.org.user(userid);
  if (!s.inScopeUser(u)) throw new DtError(50002, '员工不在权限范围');
  return u;
}

/** Offset or cursor paging over a list. */
function page<T>(items: T[], start: number, size: number) {
  const list = items.slice(start, start + size);
  const more = start + size < items.length;
  return { list, more, next: start + size };
}

/** A department's direct members in scope, a cursor page of them (size 1-100), each shown by `view`. */
function memberPage(s: DtSimState, b: Body, view: (u: DtUser, deptId: number) => unknown) {
  const id = int(b.dept_id, 'dept_id');
  const size = int(b.size, 'size');
  if (size < 1 || size > 100) throw new DtError(40035, '不合法的参数: size');
  visibleDept(s, id);
  const p = page(
    s.org.membersOf(id).filter((u) => s.inScopeUser(u)),
    int(b.cursor, 'cursor', 0),
    size,
  );
  return { result: { has_more: p.more, ...(p.more ? { next_cursor: p.next } : {}), list: p.list.map((u) => view(u, id)) } };
}

/** The legacy `POST /topapi/<api>` reads, by API name: payload under `result` unless noted. */
export const LEGACY_READS: Record<string, Handler> = {
  'v2/department/listsub': (s, b) => {
    const id = int(b.dept_id, 'dept_id', 1);
    visibleDept(s, id);
    return {
      result: visibleChildren(s, id).map((d) => ({
        dept_id: d.dept_id,
        name: d.name,
        parent_id: d.parent_id,
        create_dept_group: false,
        auto_add_user: false,
      })),
    };
  },
  'v2/department/listsubid': (s, b) => {
    const id = int(b.dept_id, 'dept_id');
    s.org.dept(id);
    return { result: { dept_id_list: s.org.children(id).map((d) => d.dept_id) } };
  },
  'v2/department/get': (s, b) => {
    const d = visibleDept(s, int(b.dept_id, 'dept_id'));
    return {
      result: {
        dept_id: d.dept_id,
        name: d.name,
        ...(d.parent_id !== undefined ? { parent_id: d.parent_id } : {}),
        order: d.order,
        dept_manager_userid_list: [...d.dept_manager_userid_list],
        member_count: s.org.membersOf(d.dept_id).length,
        create_dept_group: false,
        auto_add_user: false,
      },
    };
  },
  'v2/user/list': (s, b) => memberPage(s, b, (u, dept) => memberView(s, u, { list: dept })),
  'user/listsimple': (s, b) => memberPage(s, b, (u) => ({ userid: u.userid, name: u.name })),
  'user/listid': (s, b) => {
    const id = int(b.dept_id, 'dept_id');
    s.org.dept(id);
    return { result: { userid_list: s.org.membersOf(id).map((u) => u.userid) } };
  },
  'v2/user/get': (s, b) => ({ result: memberView(s, visibleUser(s, b.userid), 'get') }),
  'user/count': (s, b) => ({
    result: { count: [...s.org.users.values()].filter((u) => s.inScopeUser(u) && (!b.only_active || u.active)).length },
  }),
  'v2/user/getbymobile': (s, b) => {
    const u = [...s.org.users.values()].find((x) => x.mobile === b.mobile);
    if (!u) throw new DtError(60121, '找不到该用户');
    return { result: { userid: u.userid } };
  },
  'user/getbyunionid': (s, b) => {
    const u = [...s.org.users.values()].find((x) => x.unionid === b.unionid);
    if (!u) throw new DtError(60121, '找不到该用户');
    return { result: { contact_type: 0, userid: u.userid } };
  },
  'role/list': (s, b) => {
    const size = Math.min(int(b.size, 'size', 20), 200);
    const groups = [...s.org.groups.values()].map((g) => ({
      groupId: g.groupId,
      name: g.name,
      roles: [...s.org.roles.values()].filter((r) => r.groupId === g.groupId).map((r) => ({ id: r.id, name: r.name })),
    }));
    const p = page(groups, int(b.offset, 'offset', 0), size);
    return { result: { hasMore: p.more, list: p.list } };
  },
  'role/simplelist': (s, b) => {
    const role = s.org.roles.get(int(b.role_id, 'role_id'));
    if (!role) throw new DtError(33011, '角色不存在');
    const users = [...role.userids].flatMap((id) => {
      const u = s.org.users.get(id);
      return u && s.inScopeUser(u) ? [{ userid: u.userid, name: u.name, manageScopes: [] }] : [];
    });
    const p = page(users, int(b.offset, 'offset', 0), Math.min(int(b.size, 'size', 20), 100));
    return { result: { hasMore: p.more, list: p.list } };
  },
  'role/getrole': (s, b) => {
    const role = s.org.roles.get(int(b.roleId, 'roleId'));
    if (!role) throw new DtError(33011, '角色不存在');
    return { role: { name: role.name, groupId: role.groupId } };
  },
  'v2/user/getuserinfo': (s, b) => {
    const c = typeof b.code === 'string' ? s.codes.get(b.code) : undefined;
    if (!c || c.kind !== 'h5' || c.expiresAt <= s.clock.now()) throw new DtError(40078, '不存在的临时授权码');
    s.codes.delete(b.code as string);
    const u = s.org.user(c.userid);
    return { result: { userid: u.userid, unionid: u.unionid, name: u.name, sys: u.admin, sys_level: u.boss ? 100 : u.admin ? 1 : 0 } };
  },
};
