import { DtError } from './errors.js';
import { ROOT_DEPT_ID, type DtDept, type DtRole, type DtRoleGroup, type DtUser } from './model.js';

/** A change the org made, as the events DingTalk sends for it. */
export interface OrgEvent {
  type: string;
  userIds?: string[];
  deptIds?: number[];
}

const nameOk = (name: unknown): name is string => typeof name === 'string' && name.length >= 1 && name.length <= 64 && !/[-,，]/.test(name);
const idList = (v: unknown): number[] =>
  Array.isArray(v) ? v.map(Number) : typeof v === 'string' ? v.split(',').filter(Boolean).map(Number) : typeof v === 'number' ? [v] : [];

/**
 * The org and DingTalk's rules for changing it, used by the admin-console control API with the
 * write APIs' own names and bodies (v2/department/create …). Each change returns the events
 * DingTalk would push for it.
 */
export class DtOrg {
  readonly depts = new Map<number, DtDept>();
  readonly users = new Map<string, DtUser>();
  readonly groups = new Map<number, DtRoleGroup>();
  readonly roles = new Map<number, DtRole>();
  /** People who left: their DingTalk account lives on (a login still says who they are), their membership does not. */
  readonly former = new Map<string, DtUser>();
  private nextDeptId: number;
  version = 0;

  constructor(init: { depts: DtDept[]; users: DtUser[]; groups: DtRoleGroup[]; roles: DtRole[] }) {
    for (const d of init.depts) this.depts.set(d.dept_id, d);
    for (const u of init.users) this.users.set(u.userid, u);
    for (const g of init.groups) this.groups.set(g.groupId, g);
    for (const r of init.roles) this.roles.set(r.id, r);
    this.nextDeptId = Math.max(...this.depts.keys()) + 1;
  }

  /** Children and members per department, rebuilt after a change (reads far outnumber writes). */
  private index?: { version: number; children: Map<number, DtDept[]>; members: Map<number, DtUser[]> };

  private indexed() {
    if (this.index?.version === this.version) return this.index;
    const children = new Map<number, DtDept[]>();
    const members = new Map<number, DtUser[]>();
    const push = <T>(map: Map<number, T[]>, key: number, value: T) => {
      const list = map.get(key);
      if (list) list.push(value);
      else map.set(key, [value]);
    };
    for (const d of this.depts.values()) if (d.parent_id !== undefined) push(children, d.parent_id, d);
    for (const u of this.users.values()) for (const id of u.dept_id_list) push(members, id, u);
    for (const list of children.values()) list.sort((a, b) => a.order - b.order || a.dept_id - b.dept_id);
    for (const [id, list] of members) {
      const order = (u: DtUser) => u.dept_order_list.find((o) => o.dept_id === id)?.order ?? 0;
      list.sort((a, b) => order(a) - order(b) || (a.userid < b.userid ? -1 : 1));
    }
    this.index = { version: this.version, children, members };
    return this.index;
  }

  children(deptId: number): DtDept[] {
    return this.indexed().children.get(deptId) ?? [];
  }

  /** Direct members of a department, in their order there. */
  membersOf(deptId: number): DtUser[] {
    return this.indexed().members.get(deptId) ?? [];
  }

  dept(deptId: number): DtDept {
    const d = this.depts.get(deptId);
    if (!d) throw new DtError(60003, '部门不存在');
    return d;
  }

  user(userid: string): DtUser {
    const u = this.users.get(userid);
    if (!u) throw new DtError(60121, '找不到该用户');
    return u;
  }

  /** One write API of DingTalk's, applied with its checks. */
  apply(api: string, body: Record<string, unknown>): { result: unknown; events: OrgEvent[] } {
    try {
      return this.write(api, body);
    } finally {
      // Even a refused write may have touched the org before its check failed: the index is rebuilt either way.
      this.version++;
    }
  }

  private write(api: string, b: Record<string, unknown>): { result: unknown; events: OrgEvent[] } {
    switch (api) {
      case 'v2/department/create': {
        if (!nameOk(b.name)) throw new DtError(40035, '不合法的参数: name');
        const parent = Number(b.parent_id);
        if (!this.depts.has(parent)) throw new DtError(60004, '父部门不存在');
        if (this.children(parent).some((d) => d.name === b.name)) throw new DtError(60008, '部门名称已存在');
        const dept: DtDept = {
          dept_id: this.nextDeptId++,
          name: b.name,
          parent_id: parent,
          order: Number(b.order ?? 0),
          dept_manager_userid_list: [],
        };
        this.depts.set(dept.dept_id, dept);
        return { result: { dept_id: dept.dept_id }, events: [{ type: 'org_dept_create', deptIds: [dept.dept_id] }] };
      }
      case 'v2/department/update': {
        const d = this.dept(Number(b.dept_id));
        if (d.dept_id === ROOT_DEPT_ID && b.parent_id !== undefined) throw new DtError(60018, '根部门不能修改');
        if (b.name !== undefined) {
          if (!nameOk(b.name)) throw new DtError(40035, '不合法的参数: name');
          d.name = b.name;
        }
        if (b.parent_id !== undefined) {
          const parent = Number(b.parent_id);
          if (!this.depts.has(parent)) throw new DtError(60004, '父部门不存在');
          for (let p: number | undefined = parent; p !== undefined; p = this.depts.get(p)?.parent_id)
            if (p === d.dept_id) throw new DtError(60010, '部门之间不能形成环');
          d.parent_id = parent;
        }
        if (b.order !== undefined) d.order = Number(b.order);
        if (b.dept_manager_userid_list !== undefined)
          d.dept_manager_userid_list = String(b.dept_manager_userid_list)
            .split(',')
            .filter((id) => this.users.has(id));
        return { result: undefined, events: [{ type: 'org_dept_modify', deptIds: [d.dept_id] }] };
      }
      case 'v2/department/delete': {
        const d = this.dept(Number(b.dept_id));
        if (d.dept_id === ROOT_DEPT_ID) throw new DtError(60007, '根部门不能删除');
        if (this.children(d.dept_id).length) throw new DtError(60006, '该部门下有子部门，不能删除');
        if (this.membersOf(d.dept_id).length) throw new DtError(60005, '该部门下有员工，不能删除');
        this.depts.delete(d.dept_id);
        return { result: undefined, events: [{ type: 'org_dept_remove', deptIds: [d.dept_id] }] };
      }
      case 'v2/user/create': {
        if (typeof b.name !== 'string' || !b.name) throw new DtError(40035, '不合法的参数: name');
        if (typeof b.mobile !== 'string' || !b.mobile) throw new DtError(40035, '不合法的参数: mobile');
        const userid = typeof b.userid === 'string' && b.userid ? b.userid : `dt${this.users.size + 1}x${this.version}`;
        if (this.users.has(userid)) throw new DtError(60102, 'userid已存在');
        if ([...this.users.values()].some((u) => u.mobile === b.mobile)) throw new DtError(60104, '手机号码已存在');
        const depts = idList(b.dept_id_list);
        for (const id of depts) if (!this.depts.has(id)) throw new DtError(60003, '部门不存在');
        const user: DtUser = {
          userid,
          unionid: `union${userid}`,
          name: b.name,
          ...(typeof b.title === 'string' ? { title: b.title } : {}),
          ...(typeof b.job_number === 'string' ? { job_number: b.job_number } : {}),
          mobile: b.mobile,
          ...(typeof b.email === 'string' ? { email: b.email } : {}),
          dept_id_list: depts.length ? depts : [ROOT_DEPT_ID],
          dept_order_list: (depts.length ? depts : [ROOT_DEPT_ID]).map((dept_id) => ({ dept_id, order: 0 })),
          leader_in_dept: (depts.length ? depts : [ROOT_DEPT_ID]).map((dept_id) => ({ dept_id, leader: false })),
          active: false,
          admin: false,
          boss: false,
        };
        this.users.set(userid, user);
        return { result: { userid, unionId: user.unionid }, events: [{ type: 'user_add_org', userIds: [userid] }] };
      }
      case 'v2/user/update': {
        const u = this.user(String(b.userid));
        for (const f of ['name', 'title', 'job_number', 'telephone', 'email', 'avatar'] as const) {
          if (b[f] === undefined) continue;
          if (b[f] === '') delete u[f];
          else (u as unknown as Record<string, unknown>)[f] = String(b[f]);
        }
        if (b.mobile !== undefined) {
          if ([...this.users.values()].some((x) => x !== u && x.mobile === b.mobile)) throw new DtError(60104, '手机号码已存在');
          u.mobile = String(b.mobile);
        }
        if (b.dept_id_list !== undefined) {
          const depts = idList(b.dept_id_list);
          for (const id of depts) if (!this.depts.has(id)) throw new DtError(60003, '部门不存在');
          u.dept_id_list = depts;
          u.dept_order_list = depts.map((dept_id) => ({
            dept_id,
            order: u.dept_order_list.find((o) => o.dept_id === dept_id)?.order ?? 0,
          }));
          u.leader_in_dept = depts.map((dept_id) => ({
            dept_id,
            leader: u.leader_in_dept.find((o) => o.dept_id === dept_id)?.leader ?? false,
          }));
        }
        if (b.active !== undefined) {
          const was = u.active;
          u.active = Boolean(b.active);
          if (!was && u.active) return { result: undefined, events: [{ type: 'user_active_org', userIds: [u.userid] }] };
        }
        return { result: undefined, events: [{ type: 'user_modify_org', userIds: [u.userid] }] };
      }
      case 'v2/user/delete': {
        const u = this.user(String(b.userid));
        this.users.delete(u.userid);
        this.former.set(u.userid, u);
        for (const d of this.depts.values()) d.dept_manager_userid_list = d.dept_manager_userid_list.filter((id) => id !== u.userid);
        for (const r of this.roles.values()) r.userids.delete(u.userid);
        return { result: undefined, events: [{ type: 'user_leave_org', userIds: [u.userid] }] };
      }
      case 'role/addrolesforemps':
      case 'role/removerolesforemps': {
        const roleIds = idList(b.roleIds);
        const users = String(b.userIds ?? '')
          .split(',')
          .filter(Boolean);
        for (const id of roleIds) if (!this.roles.has(id)) throw new DtError(33011, '角色不存在');
        for (const userid of users) this.user(userid);
        for (const id of roleIds)
          for (const userid of users) this.roles.get(id)!.userids[api === 'role/addrolesforemps' ? 'add' : 'delete'](userid);
        return { result: undefined, events: [{ type: 'label_user_change', userIds: users }] };
      }
      default:
        throw new DtError(22, `Invalid method[submsg=不合法ApiName，ApiName = dingtalk.oapi.${api.replaceAll('/', '.')}]`);
    }
  }
}
