import type { DingTalkClient } from './client.js';
import type { DingTalkDept, DingTalkMember } from './types.js';

export interface DingTalkOrgRole {
  id: number;
  name: string;
  groupId: number;
  groupName: string;
  userids: string[];
}

/** A member read from every department that lists it: one entry, all its departments. */
export interface DingTalkOrgMember extends DingTalkMember {
  /** Per department it was listed in: its order there and whether it leads it. */
  memberships: { deptId: number; order: number; leader: boolean }[];
}

export interface DingTalkOrgSnapshot<M = DingTalkOrgMember> {
  departments: DingTalkDept[];
  members: Map<string, M>;
  roles: DingTalkOrgRole[];
}

export interface ReadDingTalkOrgOptions<M = DingTalkOrgMember> {
  /** Read role groups, roles and their members too (default true). */
  roles?: boolean;
  onProgress?: (done: number, total: number) => void;
  /**
   * What to keep of each member (undefined: drop it), called once per member as soon as every
   * department of its `dept_id_list` has listed it, so a large org's members need not all be
   * held whole until the end; one never listed by all of them (a department outside the app's
   * scope) is handed over when the read ends. A member listed again after its hand-over (its
   * departments changed during the read) keeps what it had.
   */
  keep?: (m: DingTalkOrgMember) => M | undefined;
}

/** Every department of the member's dept_id_list has listed it (none given: not known before the end). */
function complete(m: DingTalkOrgMember): boolean {
  const ids = m.dept_id_list;
  return !!ids && m.memberships.length >= ids.length && ids.every((id) => m.memberships.some((x) => x.deptId === id));
}

/**
 * Reads everything the app's contact scope shows. Every DingTalk list is one level deep, so the
 * tree is walked breadth-first from 1 with `listsub`, each department's details (order, managers)
 * read with `department/get`, and each department's direct members paged with `v2/user/list`.
 * Every call of a level goes out at once: the client's per-API QPS limit paces them, and the
 * APIs run side by side. Members listed in several departments are merged by userid.
 */
export async function readDingTalkOrganization<M = DingTalkOrgMember>(
  client: DingTalkClient,
  options: ReadDingTalkOrgOptions<M> = {},
): Promise<DingTalkOrgSnapshot<M>> {
  const departments: DingTalkDept[] = [];
  const keep = options.keep ?? ((m: DingTalkOrgMember) => m as M);
  // Members still waiting to be listed by one of their departments; those handed over, and
  // those keep dropped (so a later listing does not bring one back).
  const pending = new Map<string, DingTalkOrgMember>();
  const members = new Map<string, M>();
  const dropped = new Set<string>();
  const handOver = (m: DingTalkOrgMember) => {
    pending.delete(m.userid);
    const k = keep(m);
    if (k === undefined) dropped.add(m.userid);
    else members.set(m.userid, k);
  };
  let done = 0;
  let known = 1;
  const readMembers = async (deptId: number) => {
    for (const m of await client.users.list(deptId)) {
      if (members.has(m.userid) || dropped.has(m.userid)) continue;
      const membership = { deptId, order: m.dept_order ?? 0, leader: m.leader ?? false };
      let member = pending.get(m.userid);
      if (member) member.memberships.push(membership);
      else {
        const { dept_order: _order, leader: _leader, ...rest } = m;
        member = { ...rest, memberships: [membership] };
        pending.set(m.userid, member);
      }
      if (complete(member)) handOver(member);
    }
  };
  const visit = async (deptId: number): Promise<void> => {
    const [detail, children] = await Promise.all([client.departments.get(deptId), client.departments.listSub(deptId), readMembers(deptId)]);
    departments.push(detail);
    known += children.length;
    options.onProgress?.(++done, known);
    await Promise.all(children.map((c) => visit(c.dept_id)));
  };
  // Roles are read beside the tree; both are awaited together, so a failure of either is the read's failure.
  const [, roles] = await Promise.all([visit(1), options.roles === false ? Promise.resolve([]) : readRoles(client)]);
  for (const m of pending.values()) handOver(m);
  departments.sort((a, b) => a.dept_id - b.dept_id);
  return { departments, members, roles };
}

async function readRoles(client: DingTalkClient): Promise<DingTalkOrgRole[]> {
  const groups = await client.roles.list();
  const roles = groups.flatMap((g) => g.roles.map((r) => ({ id: r.id, name: r.name, groupId: g.groupId, groupName: g.name })));
  return Promise.all(roles.map(async (r) => ({ ...r, userids: (await client.roles.members(r.id)).map((u) => u.userid) })));
}
