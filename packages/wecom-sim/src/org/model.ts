/** The emulator's org, in WeCom's own field names. */
export interface SimDepartment {
  id: number;
  name: string;
  name_en?: string;
  parentid: number;
  order: number;
}

export type Gender = '0' | '1' | '2';
/** 1 active, 2 disabled, 4 not activated, 5 left the corp. */
export type MemberStatus = 1 | 2 | 4 | 5;

export interface ExtAttr {
  type: 0 | 1;
  name: string;
  text?: { value: string };
  web?: { url: string; title: string };
}

export interface SimUser {
  userid: string;
  name: string;
  department: number[];
  order: number[];
  is_leader_in_dept: number[];
  main_department: number;
  position: string;
  alias: string;
  telephone: string;
  english_name: string;
  direct_leader: string[];
  mobile: string;
  email: string;
  biz_mail: string;
  avatar: string;
  thumb_avatar: string;
  qr_code: string;
  address: string;
  gender: Gender;
  status: MemberStatus;
  enable: 0 | 1;
  extattr: { attrs: ExtAttr[] };
  /** Whether the member has bound a personal WeChat (convert_to_openid answers 43004 if not). */
  wechatBound: boolean;
}

export interface SimTag {
  tagid: number;
  tagname: string;
  /** Lower-cased userids. */
  users: Set<string>;
  parties: Set<number>;
}

/** What changed, as the callback dispatcher needs it. */
export type OrgChange =
  | { kind: 'create_user'; user: SimUser }
  | { kind: 'update_user'; user: SimUser; previousUserid?: string; changed: string[] }
  | { kind: 'delete_user'; user: SimUser }
  | { kind: 'create_party'; dept: SimDepartment }
  | { kind: 'update_party'; dept: SimDepartment; changed: string[] }
  | { kind: 'delete_party'; dept: SimDepartment }
  | { kind: 'update_tag'; tagid: number; addUsers: string[]; delUsers: string[]; addParties: number[]; delParties: number[] };

export const ROOT_DEPT_ID = 1;
export const MAX_DEPTH = 15;
export const MAX_DEPARTMENTS = 30_000;
export const SENSITIVE_FIELDS = ['avatar', 'thumb_avatar', 'gender', 'mobile', 'email', 'biz_mail', 'qr_code', 'address'] as const;
