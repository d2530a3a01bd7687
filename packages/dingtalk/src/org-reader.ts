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

export interface DingTalkOrgSnapshot {
  departments: DingTalkDept[];
  members: Map<string, DingTalkOrgMember>;
  roles: DingTalkOrgRole[];
}

export interface ReadDingTalkOrgOptions {
  /** Read role groups, roles and their members too (default true). */
  roles?: boolean;
  onProgress?: (done: number, total: number) => void;
}

/**
 * Reads everything the app's contact scope shows. Every DingTalk list is one level deep, so the
 * tree is walked breadth-first from 1 with `listsub`, each department's details (order, managers)
 * read with `department/get`, and each department's direct members paged with `v2/user/list`.
 * Every call of a level goes out at once: the client's per-API QPS limit paces them, and the
 * APIs run side by side. Members listed in several departments are merged by userid.
 */
export async function readDingTalkOrganization(client: DingTalkClient, options: ReadDingTalkOrgOptions = {}): Promise<DingTalkOrgSnapshot> {
  const departments: DingTalkDept[] = [];
  const members = new Map<string, DingTalkOrgMember>();
  let done = 0;
  let known = 1;
  const readMembers = async (deptId: number) => {
    for (const m of await client.users.list(deptId)) {
      const membership = { deptId, order: m.dept_order ?? 0, leader: m.leader ?? false };
      const seen = members.get(m.userid);
      if (seen) seen.memberships.push(membership);
      else {
        const { dept_order: _order, leader: _leader, ...rest } = m;
        members.set(m.userid, { ...rest, memberships: [membership] });
      }
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
  departments.sort((a, b) => a.dept_id - b.dept_id);
  return { departments, members, roles };
}

async function readRoles(client: DingTalkClient): Promise<DingTalkOrgRole[]> {
  const groups = await client.roles.list();
  const roles = groups.flatMap((g) => g.roles.map((r) => ({ id: r.id, name: r.name, groupId: g.groupId, groupName: g.name })));
  return Promise.all(roles.map(async (r) => ({ ...r, userids: (await client.roles.members(r.id)).map((u) => u.userid) })));
}
