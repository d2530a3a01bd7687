/** A department as `v2/department/listsub` lists it (children of one department). */
export interface DingTalkDeptBrief {
  dept_id: number;
  name: string;
  parent_id?: number;
  create_dept_group?: boolean;
  auto_add_user?: boolean;
}

/** A department as `v2/department/get` returns it. The root (1) has no parent_id. */
export interface DingTalkDept extends DingTalkDeptBrief {
  order?: number;
  source_identifier?: string;
  dept_manager_userid_list?: string[];
  member_count?: number;
}

/**
 * A member (`v2/user/get`, or one entry of `v2/user/list`). Fields the app has no permission for,
 * or that were never set, are absent (not ""). `list` has scalar `dept_order`/`leader` for the
 * queried department where `get` has `dept_order_list`/`leader_in_dept`.
 */
export interface DingTalkMember {
  userid: string;
  unionid?: string;
  name: string;
  title?: string;
  job_number?: string;
  telephone?: string;
  hide_mobile?: boolean;
  avatar?: string;
  mobile?: string;
  state_code?: string;
  email?: string;
  org_email?: string;
  work_place?: string;
  remark?: string;
  /** A JSON string of custom fields. */
  extension?: string;
  dept_id_list?: number[];
  dept_order_list?: { dept_id: number; order: number }[];
  leader_in_dept?: { dept_id: number; leader: boolean }[];
  dept_order?: number;
  leader?: boolean;
  hired_date?: number;
  active?: boolean;
  admin?: boolean;
  boss?: boolean;
  exclusive_account?: boolean;
  manager_userid?: string;
  role_list?: { id: number; name: string; group_name?: string }[];
}

export interface DingTalkRoleGroup {
  groupId: number;
  name: string;
  roles: { id: number; name: string }[];
}

/** Who logged in through H5 (`v2/user/getuserinfo`). sys_level: 1 admin, 2 sub-admin, 100 boss, 0 other. */
export interface DingTalkUserInfo {
  userid: string;
  unionid?: string;
  name?: string;
  sys?: boolean;
  sys_level?: number;
}

/** The person behind a user access token (`v1.0/contact/users/me`). */
export interface DingTalkMe {
  unionId: string;
  nick?: string;
  avatarUrl?: string;
  mobile?: string;
  openId?: string;
  email?: string;
  stateCode?: string;
}
