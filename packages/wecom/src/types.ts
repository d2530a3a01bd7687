/** WeCom's own shapes, in its field names (doc: contacts, section 2 of wecom-api.md). */
export interface WeComDepartment {
  id: number;
  name: string;
  name_en?: string;
  department_leader?: string[];
  parentid: number;
  order?: number;
}

export interface WeComExtAttr {
  type: number;
  name: string;
  text?: { value: string };
  web?: { url: string; title: string };
}

export interface WeComMember {
  userid: string;
  name: string;
  department: number[];
  order?: number[];
  is_leader_in_dept?: number[];
  main_department?: number;
  position?: string;
  alias?: string;
  telephone?: string;
  english_name?: string;
  direct_leader?: string[];
  mobile?: string;
  email?: string;
  biz_mail?: string;
  avatar?: string;
  thumb_avatar?: string;
  qr_code?: string;
  address?: string;
  /** "0" unknown, "1" male, "2" female. */
  gender?: string;
  /** 1 active, 2 disabled, 4 not activated, 5 left the corp. */
  status?: number;
  enable?: number;
  extattr?: { attrs?: WeComExtAttr[] };
  open_userid?: string;
}

export interface WeComSimpleMember {
  userid: string;
  name: string;
  department: number[];
  open_userid?: string;
}

export interface WeComTag {
  tagid: number;
  tagname: string;
}

export interface WeComTagDetail {
  tagname: string;
  userlist: { userid: string; name?: string }[];
  partylist: number[];
}

export interface DeptUserRow {
  userid: string;
  department: number;
}
