import type { Org } from './org.js';
import { ROOT_DEPT_ID, SENSITIVE_FIELDS, type SimDepartment, type SimUser } from './model.js';

/** An app's visible range (可见范围): departments (with their subtrees), members and tags. */
export interface VisibleRange {
  departments?: number[];
  users?: string[];
  tags?: number[];
}

/** A set that only answers membership: computed on demand, not listed. */
export interface Membership<T> {
  has(item: T): boolean;
}

/** What one app can see of the org right now. */
export interface View {
  /** True for the contacts-sync secret, which sees everything. */
  all: boolean;
  /** Every department is in view (the range holds the root): each member shows whole. */
  wholeTree: boolean;
  depts: Membership<number>;
  /** Lower-cased userids. */
  users: Membership<string>;
  /** Apps created after 2022-06-20 do not get the sensitive member fields. */
  omitSensitive: boolean;
}

/**
 * Computes an app's view; cached per org version. Only the range itself is computed (its
 * departments and listed members): whether a department or member is inside is answered by
 * walking up the tree, so a change to a 100,000-member org does not cost a pass over all of it.
 */
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
      return { all: true, wholeTree: true, depts: org.depts, users: org.users, omitSensitive: this.omitSensitive };
    }
    const roots = new Set<number>(this.range.departments ?? [ROOT_DEPT_ID]);
    const listed = new Set<string>();
    for (const u of this.range.users ?? []) listed.add(u.toLowerCase());
    for (const tagid of this.range.tags ?? []) {
      const t = org.tags.get(tagid);
      if (!t) continue;
      for (const p of t.parties) roots.add(p);
      for (const u of t.users) listed.add(u);
    }
    const depts: Membership<number> = {
      has: (id) => {
        // Up the tree to the root: the department is visible if it or an ancestor is in the range.
        for (let d = org.dept(id), hops = 0; d && hops < 64; d = org.dept(d.parentid), hops++) if (roots.has(d.id)) return true;
        return false;
      },
    };
    const users: Membership<string> = {
      has: (userid) => {
        const u = org.user(userid);
        return !!u && (listed.has(u.userid.toLowerCase()) || u.department.some((d) => depts.has(d)));
      },
    };
    return { all: false, wholeTree: roots.has(ROOT_DEPT_ID), depts, users, omitSensitive: this.omitSensitive };
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

/**
 * A member as one app sees it: only visible departments, sensitive fields per the 2022 rules.
 * What it leaves out is set to undefined, which JSON omits, rather than left off or deleted: one
 * object shape for every member keeps serialising them fast (the emulator writes millions of
 * them beside the app it serves, on the same cores).
 */
export function memberView(u: SimUser, view: View): Record<string, unknown> {
  const shown = view.wholeTree ? undefined : u.department.map((d) => view.depts.has(d));
  const pick = <T>(xs: T[]) => (shown ? xs.filter((_, i) => shown[i]) : xs.slice());
  const out: Record<string, unknown> = {
    userid: u.userid,
    name: u.name,
    department: pick(u.department),
    order: pick(u.order),
    is_leader_in_dept: pick(u.is_leader_in_dept),
    main_department: view.wholeTree || view.depts.has(u.main_department) ? u.main_department : undefined,
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
  if (view.omitSensitive) for (const f of SENSITIVE_FIELDS) out[f] = undefined;
  return out;
}
