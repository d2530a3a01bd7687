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
 * (as many at once as the client allows), then tag/list and tag/get per tag. Memory holds one
 * copy of each member; the per-department answers are dropped as soon as they are merged.
 */
export async function readOrganization(client: WeComClient, options: ReadOrgOptions = {}): Promise<OrgSnapshot> {
  const departments = await client.departments.list();
  const members = new Map<string, WeComMember>();
  let done = 0;
  await Promise.all(
    departments.map(async (d) => {
      for (const m of await client.users.list(d.id)) if (!members.has(m.userid)) members.set(m.userid, m);
      options.onProgress?.(++done, departments.length);
    }),
  );
  const tags: OrgTag[] = [];
  if (options.tags !== false) {
    const list = await client.tags.list();
    await Promise.all(
      list.map(async (t) => {
        const detail = await client.tags.get(t.tagid);
        tags.push({ tagid: t.tagid, tagname: detail.tagname, userids: detail.userlist.map((u) => u.userid), partyIds: detail.partylist });
      }),
    );
    tags.sort((a, b) => a.tagid - b.tagid);
  }
  return { departments, members, tags };
}
