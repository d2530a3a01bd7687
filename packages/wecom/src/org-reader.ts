import type { WeComClient } from './client.js';
import type { WeComDepartment, WeComMember } from './types.js';

export interface OrgTag {
  tagid: number;
  tagname: string;
  userids: string[];
  partyIds: number[];
}

export interface OrgSnapshot {
  departments: WeComDepartment[];
  /** Each member once, keyed by userid, however many departments list them. */
  members: Map<string, WeComMember>;
  tags: OrgTag[];
}

export interface ReadOrgOptions {
  /** Read tags and their members too (default true). */
  tags?: boolean;
  /** Called as departments are read: (done, total). */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Reads everything the secret can see: department/list once, user/list for every department
 * (as many at once as the client allows), and beside them tag/list and tag/get per tag. Memory holds one
 * copy of each member; the per-department answers are dropped as soon as they are merged.
 */
export async function readOrganization(client: WeComClient, options: ReadOrgOptions = {}): Promise<OrgSnapshot> {
  // Tags do not depend on departments: read both at once, so neither waits for the other's round trips.
  const [{ departments, members }, tags] = await Promise.all([
    readMembers(client, options),
    options.tags !== false ? readTags(client) : [],
  ]);
  return { departments, members, tags };
}

async function readMembers(client: WeComClient, options: ReadOrgOptions) {
  const departments = await client.departments.list();
  const members = new Map<string, WeComMember>();
  let done = 0;
  await Promise.all(
    departments.map(async (d) => {
      for (const m of await client.users.list(d.id)) if (!members.has(m.userid)) members.set(m.userid, m);
      options.onProgress?.(++done, departments.length);
    }),
  );
  return { departments, members };
}

async function readTags(client: WeComClient): Promise<OrgTag[]> {
  const list = await client.tags.list();
  const tags = await Promise.all(
    list.map(async (t): Promise<OrgTag> => {
      const detail = await client.tags.get(t.tagid);
      return { tagid: t.tagid, tagname: detail.tagname, userids: detail.userlist.map((u) => u.userid), partyIds: detail.partylist };
    }),
  );
  return tags.sort((a, b) => a.tagid - b.tagid);
}
