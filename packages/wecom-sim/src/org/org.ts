import { fault } from '../errors.js';
import {
  MAX_DEPARTMENTS,
  MAX_DEPTH,
  ROOT_DEPT_ID,
  type Gender,
  type OrgChange,
  type SimDepartment,
  type SimTag,
  type SimUser,
} from './model.js';
import { checkDeptName, checkInt, checkMemberName, checkOrder, checkString, checkUserid } from './rules.js';

/** Who made a change: a WeCom app does not get callbacks for its own API calls. */
export type Actor = 'agent' | 'contacts' | 'console';
type Listener = (change: OrgChange, actor: Actor) => void;
type Json = Record<string, unknown>;

const key = (userid: string) => userid.toLowerCase();

function intList(value: unknown, code: number, max: number): number[] {
  if (!Array.isArray(value) || value.length > max) throw fault(code);
  return value.map((v) => checkInt(v, code));
}

function flagList(value: unknown, length: number, field: string): number[] {
  if (!Array.isArray(value) || value.length !== length || value.some((v) => v !== 0 && v !== 1)) throw fault(40058, `invalid ${field}`);
  return value as number[];
}

/**
 * The org held by the emulator, with WeCom's write rules. Every write either applies fully or
 * throws a WeComFault and changes nothing; listeners hear about each applied change.
 */
export class Org {
  readonly depts = new Map<number, SimDepartment>();
  readonly users = new Map<string, SimUser>();
  readonly tags = new Map<number, SimTag>();
  /** Bumped on every change; caches keyed on it stay valid until the next write. */
  version = 0;
  creatorUserid?: string;

  private readonly children = new Map<number, Set<number>>();
  private readonly members = new Map<number, Set<string>>();
  private readonly mobiles = new Map<string, string>();
  private readonly emails = new Map<string, string>();
  private readonly listeners: Listener[] = [];
  private nextDeptId = 2;
  private nextTagId = 1;

  constructor(rootName: string) {
    this.insertDept({ id: ROOT_DEPT_ID, name: rootName, parentid: 0, order: 100_000_000 });
  }

  onChange(listener: Listener): void {
    this.listeners.push(listener);
  }

  private emit(change: OrgChange, actor: Actor): void {
    this.version++;
    for (const l of this.listeners) l(change, actor);
  }

  // ---- reads ----------------------------------------------------------------------------------

  dept(id: number): SimDepartment | undefined {
    return this.depts.get(id);
  }

  user(userid: string): SimUser | undefined {
    return this.users.get(key(userid));
  }

  childrenOf(id: number): ReadonlySet<number> {
    return this.children.get(id) ?? new Set();
  }

  membersOf(id: number): SimUser[] {
    return [...(this.members.get(id) ?? [])].map((k) => this.users.get(k)!);
  }

  /** The department and everything below it, parents before children. */
  subtree(id: number): number[] {
    const out: number[] = [];
    const stack = [id];
    while (stack.length) {
      const d = stack.pop()!;
      out.push(d);
      for (const c of this.childrenOf(d)) stack.push(c);
    }
    return out;
  }

  depth(id: number): number {
    let n = 0;
    for (let d: number | undefined = id; d !== undefined && d !== 0; d = this.depts.get(d)?.parentid) n++;
    return n;
  }

  private height(id: number): number {
    let h = 1;
    for (const c of this.childrenOf(id)) h = Math.max(h, 1 + this.height(c));
    return h;
  }

  leadersOf(id: number): string[] {
    return this.membersOf(id)
      .filter((u) => u.is_leader_in_dept[u.department.indexOf(id)] === 1)
      .map((u) => u.userid);
  }

  // ---- departments ----------------------------------------------------------------------------

  private insertDept(d: SimDepartment): void {
    this.depts.set(d.id, d);
    if (d.parentid !== 0) {
      let set = this.children.get(d.parentid);
      if (!set) this.children.set(d.parentid, (set = new Set()));
      set.add(d.id);
    }
    if (d.id >= this.nextDeptId) this.nextDeptId = d.id + 1;
  }

  private assertSiblingUnique(parentid: number, name: string, self?: number): void {
    for (const c of this.childrenOf(parentid)) {
      if (c !== self && this.depts.get(c)!.name === name) throw fault(60008, 'department existed: a sibling has this name');
    }
  }

  createDepartment(input: Json, actor: Actor): number {
    const name = checkDeptName(input.name);
    const name_en = input.name_en === undefined ? undefined : checkDeptName(input.name_en);
    if (input.parentid === undefined) throw fault(60004);
    const parentid = checkInt(input.parentid, 60124);
    if (!this.depts.has(parentid)) throw fault(60004);
    if (this.depth(parentid) + 1 > MAX_DEPTH) throw fault(60002);
    if (this.depts.size >= MAX_DEPARTMENTS) throw fault(60001);
    const order = input.order === undefined ? 0 : checkOrder(input.order);
    let id = this.nextDeptId;
    if (input.id !== undefined) {
      id = checkInt(input.id, 60123);
      if (id <= ROOT_DEPT_ID) throw fault(60123);
      if (this.depts.has(id)) throw fault(60008);
    }
    this.assertSiblingUnique(parentid, name);
    const dept: SimDepartment = { id, name, parentid, order, ...(name_en !== undefined ? { name_en } : {}) };
    this.insertDept(dept);
    this.emit({ kind: 'create_party', dept }, actor);
    return id;
  }

  updateDepartment(input: Json, actor: Actor): void {
    const id = checkInt(input.id, 60123);
    const dept = this.depts.get(id);
    if (!dept) throw fault(60003);
    const name = input.name === undefined ? dept.name : checkDeptName(input.name);
    const name_en = input.name_en === undefined ? dept.name_en : checkDeptName(input.name_en);
    const order = input.order === undefined ? dept.order : checkOrder(input.order);
    let parentid = dept.parentid;
    if (input.parentid !== undefined && checkInt(input.parentid, 60124) !== dept.parentid) {
      if (id === ROOT_DEPT_ID) throw fault(60007);
      parentid = checkInt(input.parentid, 60124);
      if (!this.depts.has(parentid)) throw fault(60004);
      if (this.subtree(id).includes(parentid)) throw fault(60010);
      if (this.depth(parentid) + this.height(id) > MAX_DEPTH) throw fault(60002);
    }
    if (parentid !== 0) this.assertSiblingUnique(parentid, name, id);
    const changed: string[] = [];
    if (name !== dept.name) changed.push('Name');
    if (parentid !== dept.parentid) changed.push('ParentId');
    if (order !== dept.order) changed.push('Order');
    if (name_en !== dept.name_en) changed.push('NameEn');
    if (parentid !== dept.parentid) {
      this.children.get(dept.parentid)?.delete(id);
      let set = this.children.get(parentid);
      if (!set) this.children.set(parentid, (set = new Set()));
      set.add(id);
    }
    Object.assign(dept, { name, order, parentid, ...(name_en !== undefined ? { name_en } : {}) });
    if (changed.length) this.emit({ kind: 'update_party', dept, changed }, actor);
  }

  deleteDepartment(idValue: unknown, actor: Actor): void {
    const id = checkInt(idValue, 60123);
    if (id === ROOT_DEPT_ID) throw fault(60007);
    const dept = this.depts.get(id);
    if (!dept) throw fault(60003);
    if (this.childrenOf(id).size > 0) throw fault(60006);
    if ((this.members.get(id)?.size ?? 0) > 0) throw fault(60005);
    this.depts.delete(id);
    this.children.get(dept.parentid)?.delete(id);
    this.children.delete(id);
    this.members.delete(id);
    for (const t of this.tags.values()) t.parties.delete(id);
    this.emit({ kind: 'delete_party', dept }, actor);
  }

  // ---- members --------------------------------------------------------------------------------

  private readMemberFields(input: Json, base: SimUser | undefined): Omit<SimUser, 'userid'> {
    const name = input.name === undefined && base ? base.name : checkMemberName(input.name);
    let department = base?.department ?? [];
    if (input.department !== undefined || !base) {
      department = intList(input.department ?? [], 40066, 100);
      if (department.length === 0) throw fault(40066);
      if (new Set(department).size !== department.length) throw fault(40066);
      for (const d of department) if (!this.depts.has(d)) throw fault(60003);
    }
    const deptChanged = input.department !== undefined;
    const order =
      input.order !== undefined ? intList(input.order, 40058, 100) : deptChanged || !base ? department.map(() => 0) : base.order;
    if (order.length !== department.length) throw fault(40058, 'order does not align with department');
    order.forEach(checkOrder);
    const is_leader_in_dept =
      input.is_leader_in_dept !== undefined
        ? flagList(input.is_leader_in_dept, department.length, 'is_leader_in_dept')
        : deptChanged || !base
          ? department.map(() => 0)
          : base.is_leader_in_dept;
    let main_department =
      input.main_department !== undefined ? checkInt(input.main_department, 40058) : (base?.main_department ?? department[0]!);
    if (!department.includes(main_department)) {
      if (input.main_department !== undefined) throw fault(40058, 'main_department is not in department');
      main_department = department[0]!;
    }
    const direct_leader = input.direct_leader !== undefined ? (input.direct_leader as unknown[]) : (base?.direct_leader ?? []);
    if (!Array.isArray(direct_leader) || direct_leader.length > 5) throw fault(40058, 'invalid direct_leader');
    for (const l of direct_leader)
      if (typeof l !== 'string' || !this.users.has(key(l))) throw fault(60111, `direct_leader userid not found`);
    const gender = input.gender !== undefined ? String(input.gender) : (base?.gender ?? '0');
    if (!['0', '1', '2'].includes(gender)) throw fault(40058, 'invalid gender');
    const enable = input.enable !== undefined ? Number(input.enable) : (base?.enable ?? 1);
    if (enable !== 0 && enable !== 1) throw fault(40058, 'invalid enable');
    const str = (field: keyof SimUser, max: number) =>
      input[field] !== undefined ? checkString(input[field], max, field) : ((base?.[field] as string | undefined) ?? '');
    const extattr = input.extattr !== undefined ? (input.extattr as SimUser['extattr']) : (base?.extattr ?? { attrs: [] });
    if (!extattr || !Array.isArray(extattr.attrs)) throw fault(40058, 'invalid extattr');
    return {
      name,
      department,
      order,
      is_leader_in_dept,
      main_department,
      position: str('position', 128),
      alias: str('alias', 64),
      telephone: str('telephone', 32),
      english_name: str('english_name', 64),
      direct_leader: direct_leader as string[],
      mobile: str('mobile', 32),
      email: str('email', 64),
      biz_mail: str('biz_mail', 64),
      avatar: str('avatar', 255),
      thumb_avatar: str('thumb_avatar', 255),
      qr_code: str('qr_code', 255),
      address: str('address', 128),
      gender: gender as Gender,
      status: base?.status ?? (input.status as SimUser['status'] | undefined) ?? 4,
      enable: enable as 0 | 1,
      extattr,
      wechatBound: base?.wechatBound ?? Boolean(input.wechatBound),
    };
  }

  private assertUniqueContact(fields: { mobile: string; email: string }, self?: string): void {
    if (fields.mobile && this.mobiles.has(fields.mobile) && this.mobiles.get(fields.mobile) !== self) throw fault(60104);
    if (fields.email && this.emails.has(fields.email.toLowerCase()) && this.emails.get(fields.email.toLowerCase()) !== self)
      throw fault(60106);
  }

  private index(user: SimUser): void {
    const k = key(user.userid);
    this.users.set(k, user);
    for (const d of user.department) {
      let set = this.members.get(d);
      if (!set) this.members.set(d, (set = new Set()));
      set.add(k);
    }
    if (user.mobile) this.mobiles.set(user.mobile, k);
    if (user.email) this.emails.set(user.email.toLowerCase(), k);
  }

  private unindex(user: SimUser): void {
    const k = key(user.userid);
    this.users.delete(k);
    for (const d of user.department) this.members.get(d)?.delete(k);
    if (user.mobile) this.mobiles.delete(user.mobile);
    if (user.email) this.emails.delete(user.email.toLowerCase());
  }

  createUser(input: Json, actor: Actor): SimUser {
    const userid = checkUserid(input.userid);
    if (this.users.has(key(userid))) throw fault(60102);
    const fields = this.readMemberFields(input, undefined);
    this.assertUniqueContact(fields);
    const user: SimUser = { userid, ...fields };
    this.index(user);
    this.emit({ kind: 'create_user', user }, actor);
    return user;
  }

  updateUser(input: Json, actor: Actor): void {
    const userid = checkUserid(input.userid, 60111);
    const current = this.users.get(key(userid));
    if (!current) throw fault(60111);
    let newUserid = current.userid;
    if (input.new_userid !== undefined && input.new_userid !== current.userid) {
      newUserid = checkUserid(input.new_userid);
      const clash = this.users.get(key(newUserid));
      if (clash && clash !== current) throw fault(60102);
    }
    const fields = this.readMemberFields(input, current);
    if (input.status !== undefined) fields.status = checkInt(input.status, 40058) as SimUser['status'];
    if (input.wechatBound !== undefined) fields.wechatBound = Boolean(input.wechatBound);
    this.assertUniqueContact(fields, key(current.userid));
    const next: SimUser = { userid: newUserid, ...fields };
    const changed = (Object.keys(next) as (keyof SimUser)[]).filter((f) => JSON.stringify(next[f]) !== JSON.stringify(current[f]));
    if (changed.length === 0) return;
    this.unindex(current);
    const previousUserid = current.userid;
    Object.assign(current, next);
    this.index(current);
    if (previousUserid !== newUserid) {
      for (const t of this.tags.values()) if (t.users.delete(key(previousUserid))) t.users.add(key(newUserid));
      for (const u of this.users.values()) u.direct_leader = u.direct_leader.map((l) => (key(l) === key(previousUserid) ? newUserid : l));
    }
    this.emit({ kind: 'update_user', user: current, changed, ...(previousUserid !== newUserid ? { previousUserid } : {}) }, actor);
  }

  private removeUser(user: SimUser, actor: Actor): void {
    this.unindex(user);
    for (const t of this.tags.values()) t.users.delete(key(user.userid));
    for (const u of this.users.values())
      if (u.direct_leader.some((l) => key(l) === key(user.userid)))
        u.direct_leader = u.direct_leader.filter((l) => key(l) !== key(user.userid));
    this.emit({ kind: 'delete_user', user }, actor);
  }

  deleteUser(userid: unknown, actor: Actor): void {
    if (typeof userid !== 'string') throw fault(60111);
    const user = this.users.get(key(userid));
    if (!user) throw fault(60111);
    if (this.creatorUserid && key(this.creatorUserid) === key(user.userid)) throw fault(301005);
    this.removeUser(user, actor);
  }

  /** One bad userid fails the whole call, as WeCom does. */
  batchDeleteUsers(list: unknown, actor: Actor): void {
    if (!Array.isArray(list) || list.length === 0 || list.length > 200) throw fault(40031);
    const users = list.map((id) => (typeof id === 'string' ? this.users.get(key(id)) : undefined));
    if (users.some((u) => !u)) throw fault(40031);
    if (users.some((u) => this.creatorUserid && key(this.creatorUserid) === key(u!.userid))) throw fault(301005);
    for (const u of new Set(users)) this.removeUser(u!, actor);
  }

  // ---- tags -----------------------------------------------------------------------------------

  private checkTagName(name: unknown, self?: number): string {
    if (typeof name !== 'string' || [...name].length < 1 || [...name].length > 32) throw fault(40058, 'invalid tagname');
    for (const t of this.tags.values()) if (t.tagname === name && t.tagid !== self) throw fault(40071);
    return name;
  }

  tag(tagid: unknown): SimTag {
    const t = this.tags.get(checkInt(tagid, 40068));
    if (!t) throw fault(40068);
    return t;
  }

  createTag(input: Json): number {
    const tagname = this.checkTagName(input.tagname);
    let tagid = this.nextTagId;
    if (input.tagid !== undefined) {
      tagid = checkInt(input.tagid, 40068);
      if (tagid < 1 || this.tags.has(tagid)) throw fault(40068);
    }
    this.tags.set(tagid, { tagid, tagname, users: new Set(), parties: new Set() });
    if (tagid >= this.nextTagId) this.nextTagId = tagid + 1;
    this.version++;
    return tagid;
  }

  updateTag(input: Json): void {
    const t = this.tag(input.tagid);
    t.tagname = this.checkTagName(input.tagname, t.tagid);
    this.version++;
  }

  deleteTag(tagid: unknown, actor: Actor): void {
    const t = this.tag(tagid);
    this.tags.delete(t.tagid);
    if (t.users.size || t.parties.size) {
      this.emit(
        {
          kind: 'update_tag',
          tagid: t.tagid,
          addUsers: [],
          delUsers: [...t.users].map((k) => this.users.get(k)?.userid ?? k),
          addParties: [],
          delParties: [...t.parties],
        },
        actor,
      );
    } else this.version++;
  }

  /** Adds or removes members and departments; invalid ones are reported, valid ones applied. */
  changeTagMembers(input: Json, add: boolean, actor: Actor): { invalidlist?: string; invalidparty?: number[] } {
    const t = this.tag(input.tagid);
    const userlist = (input.userlist ?? []) as unknown[];
    const partylist = (input.partylist ?? []) as unknown[];
    if (!Array.isArray(userlist) || userlist.length > 1000) throw fault(40031);
    if (!Array.isArray(partylist) || partylist.length > 100) throw fault(40066);
    if (userlist.length === 0 && partylist.length === 0) throw fault(40058, 'userlist and partylist are both empty');
    const badUsers: string[] = [];
    const goodUsers: SimUser[] = [];
    for (const u of userlist) {
      const user = typeof u === 'string' ? this.users.get(key(u)) : undefined;
      if (user) goodUsers.push(user);
      else badUsers.push(String(u));
    }
    const badParties: number[] = [];
    const goodParties: number[] = [];
    for (const p of partylist) {
      const id = typeof p === 'number' ? p : Number(p);
      if (Number.isInteger(id) && this.depts.has(id)) goodParties.push(id);
      else badParties.push(id);
    }
    if (goodUsers.length === 0 && goodParties.length === 0) throw fault(40070);
    const changedUsers = goodUsers.filter((u) => t.users.has(key(u.userid)) !== add);
    const changedParties = goodParties.filter((p) => t.parties.has(p) !== add);
    for (const u of changedUsers) {
      if (add) t.users.add(key(u.userid));
      else t.users.delete(key(u.userid));
    }
    for (const p of changedParties) {
      if (add) t.parties.add(p);
      else t.parties.delete(p);
    }
    if (changedUsers.length || changedParties.length) {
      const ids = changedUsers.map((u) => u.userid);
      this.emit(
        {
          kind: 'update_tag',
          tagid: t.tagid,
          addUsers: add ? ids : [],
          delUsers: add ? [] : ids,
          addParties: add ? changedParties : [],
          delParties: add ? [] : changedParties,
        },
        actor,
      );
    }
    return { ...(badUsers.length ? { invalidlist: badUsers.join('|') } : {}), ...(badParties.length ? { invalidparty: badParties } : {}) };
  }

  // ---- bulk load (generator) --------------------------------------------------------------------

  /** Loads a generated org without events (the org "already existed"). */
  load(depts: SimDepartment[], users: SimUser[], tags: SimTag[]): void {
    for (const d of depts) if (d.id !== ROOT_DEPT_ID) this.insertDept(d);
    const root = depts.find((d) => d.id === ROOT_DEPT_ID);
    if (root) Object.assign(this.depts.get(ROOT_DEPT_ID)!, root);
    for (const u of users) this.index(u);
    for (const t of tags) {
      this.tags.set(t.tagid, t);
      if (t.tagid >= this.nextTagId) this.nextTagId = t.tagid + 1;
    }
    this.version++;
  }
}
