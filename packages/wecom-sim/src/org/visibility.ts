import type { Org } from './org.js';
import { ROOT_DEPT_ID, SENSITIVE_FIELDS, type SimDepartment, type SimUser } from './model.js';

/** An app's visible range (可见范围): departments (with their subtrees), members and tags. */
export interface VisibleRange {
  departments?: number[];
  users?: string[];
  tags?: number[];
}

/** What one app can see of the org right now. */
export interface View {
  /** True for the contacts-sync secret, which sees everything. */
  all: boolean;
  depts: Set<number>;
  /** Lower-cased userids. */
  users: Set<string>;
  /** Apps created after 2022-06-20 do not get the sensitive member fields. */
  omitSensitive: boolean;
}

/** Computes an app's view; cached per org version, since orgs change far less than they are read. */
export class ViewCache {
  private cached?: { version: number; view: View };

  constructor(
    private readonly org: Org,
    private readonly range: VisibleRange | 'all',
    private readonly omitSensitive: boolean,
  ) {}

  get(): View {
    if (this.cached?.version === this.org.version) return this.cached.view;
    const view = this.compute();
    this.cached = { version: this.org.version, view };
    return view;
  }

  private compute(): View {
    const org = this.org;
    if (this.range === 'all') {
      return { all: true, depts: new Set(org.depts.keys()), users: new Set(org.users.keys()), omitSensitive: this.omitSensitive };
    }
    const depts = new Set<number>();
    const users = new Set<string>();
    const addTree = (id: number) => {
      if (org.depts.has(id)) for (const d of org.subtree(id)) depts.add(d);
    };
    for (const d of this.range.departments ?? [ROOT_DEPT_ID]) addTree(d);
    for (const u of this.range.users ?? []) if (org.user(u)) users.add(u.toLowerCase());
    for (const tagid of this.range.tags ?? []) {
      const t = org.tags.get(tagid);
      if (!t) continue;
      for (const p of t.parties) addTree(p);
      for (const u of t.users) users.add(u);
    }
    for (const d of depts) for (const u of org.membersOf(d)) users.add(u.userid.toLowerCase());
    return { all: false, depts, users, omitSensitive: this.omitSensitive };
  }
}

export function deptView(org: Org, d: SimDepartment): Record<string, unknown> {
  return {
    id: d.id,
    name: d.name,
    ...(d.name_en !== undefined ? { name_en: d.name_en } : {}),
    department_leader: org.leadersOf(d.id),
    parentid: d.parentid,
    order: d.order,
  };
}

/** A member as one app sees it: only visible departments, sensitive fields per the 2022 rules. */
export function memberView(u: SimUser, view: View): Record<string, unknown> {
  const idx = view.all ? u.department.map((_, i) => i) : u.department.flatMap((d, i) => (view.depts.has(d) ? [i] : []));
  const out: Record<string, unknown> = {
    userid: u.userid,
    name: u.name,
    department: idx.map((i) => u.department[i]),
    order: idx.map((i) => u.order[i]),
    is_leader_in_dept: idx.map((i) => u.is_leader_in_dept[i]),
    ...(view.all || view.depts.has(u.main_department) ? { main_department: u.main_department } : {}),
    position: u.position,
    alias: u.alias,
    telephone: u.telephone,
    english_name: u.english_name,
    direct_leader: u.direct_leader,
    mobile: u.mobile,
    email: u.email,
    biz_mail: u.biz_mail,
    avatar: u.avatar,
    thumb_avatar: u.thumb_avatar,
    qr_code: u.qr_code,
    address: u.address,
    gender: u.gender,
    status: u.status,
    enable: u.enable,
    extattr: u.extattr,
  };
  if (view.omitSensitive) for (const f of SENSITIVE_FIELDS) delete out[f];
  return out;
}
