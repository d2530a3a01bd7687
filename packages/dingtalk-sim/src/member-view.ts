import type { DtUser } from './model.js';
import type { DtSimState } from './state.js';

/**
 * A member as an API returns it: personal fields only with their permission, unset fields
 * absent (never ""), and `list` entries with the queried department's scalar order and leader
 * flag where `get` has the per-department lists, the manager and the roles.
 */
export function memberView(state: DtSimState, u: DtUser, as: { list: number } | 'get'): Record<string, unknown> {
  const { fields } = state.settings;
  const out: Record<string, unknown> = {
    userid: u.userid,
    unionid: u.unionid,
    name: u.name,
    ...(u.title ? { title: u.title } : {}),
    ...(u.job_number ? { job_number: u.job_number } : {}),
    ...(u.telephone ? { telephone: u.telephone } : {}),
    hide_mobile: false,
    ...(u.avatar ? { avatar: u.avatar } : {}),
    ...(fields.mobile && u.mobile ? { mobile: u.mobile, state_code: '86' } : {}),
    ...(fields.email && u.email ? { email: u.email } : {}),
    dept_id_list: [...u.dept_id_list],
    ...(u.hired_date ? { hired_date: u.hired_date } : {}),
    active: u.active,
    admin: u.admin,
    boss: u.boss,
    exclusive_account: false,
  };
  if (as === 'get') {
    out.dept_order_list = u.dept_order_list.map((o) => ({ ...o }));
    out.leader_in_dept = u.leader_in_dept.map((o) => ({ ...o }));
    if (u.manager_userid) out.manager_userid = u.manager_userid;
    out.role_list = [...state.org.roles.values()]
      .filter((r) => r.userids.has(u.userid))
      .map((r) => ({ id: r.id, name: r.name, group_name: state.org.groups.get(r.groupId)?.name ?? '' }));
    out.senior = false;
    out.real_authed = u.active;
  } else {
    out.dept_order = u.dept_order_list.find((o) => o.dept_id === as.list)?.order ?? 0;
    out.leader = u.leader_in_dept.find((o) => o.dept_id === as.list)?.leader ?? false;
  }
  return out;
}
