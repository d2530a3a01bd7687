/** The emulator's org, in DingTalk's own field names. */
export interface DtDept {
  dept_id: number;
  name: string;
  /** Absent for the root (1). */
  parent_id?: number;
  order: number;
  dept_manager_userid_list: string[];
}

export interface DtUser {
  userid: string;
  unionid: string;
  name: string;
  title?: string;
  job_number?: string;
  telephone?: string;
  mobile?: string;
  email?: string;
  avatar?: string;
  dept_id_list: number[];
  dept_order_list: { dept_id: number; order: number }[];
  leader_in_dept: { dept_id: number; leader: boolean }[];
  hired_date?: number;
  /** false: added but never activated DingTalk (listed, cannot log in). */
  active: boolean;
  admin: boolean;
  boss: boolean;
  manager_userid?: string;
}

export interface DtRole {
  id: number;
  name: string;
  groupId: number;
  userids: Set<string>;
}

export interface DtRoleGroup {
  groupId: number;
  name: string;
}

export const ROOT_DEPT_ID = 1;
