/** Row shapes the planner produces and apply writes, in the pool's column names. */
export interface DeptRow {
  corp_id: number;
  dept_id: string;
  external_id: string | null;
  parent_id: string | null;
  name: string;
  name_en: string | null;
  sort_order: number;
  leaders: string;
  status: number;
  source: string;
  hash: string | null;
  created_at: number;
  updated_at: number;
}

export interface UserRow {
  user_id: string;
  name: string;
  mobile: string | null;
  email: string | null;
  avatar: string | null;
  gender: string | null;
  created_at: number;
  updated_at: number;
}

export interface MemberRow {
  corp_id: number;
  member_id: string;
  user_id: string;
  status: number;
  name: string;
  position: string | null;
  mobile: string | null;
  email: string | null;
  avatar: string | null;
  gender: string | null;
  alias: string | null;
  english_name: string | null;
  telephone: string | null;
  main_dept_id: string | null;
  direct_leaders: string;
  ext_attrs: string | null;
  attributes: string | null;
  upstream_status: number;
  enabled: boolean;
  source: string;
  hash: string;
  joined_at: number;
  resigned_at: number | null;
  updated_at: number;
}

export interface BindingRow {
  corp_id: number;
  member_id: string;
  upstream_id: string;
  user_id: string;
  bound_at: number;
  updated_at: number;
}

export interface DeptMemberRow {
  corp_id: number;
  dept_id: string;
  member_id: string;
  is_leader: boolean;
  sort_order: number;
  source: string;
}

export interface RoleRow {
  role_id: string;
  name: string;
  group_id: string | null;
  corp_id: number | null;
  external_id: string | null;
  source: string;
  status: number;
  created_at: number;
  updated_at: number;
}

export interface RoleMemberRow {
  corp_id: number;
  role_id: string;
  member_id: string;
  source: string;
  created_at: number;
}

/** Member fields compared when describing an update in the change list. */
export const MEMBER_FIELDS = [
  'name',
  'position',
  'mobile',
  'email',
  'avatar',
  'gender',
  'alias',
  'english_name',
  'telephone',
  'main_dept_id',
  'direct_leaders',
  'ext_attrs',
  'attributes',
  'upstream_status',
  'enabled',
] as const;
