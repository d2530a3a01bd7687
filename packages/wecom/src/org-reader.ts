import type { WeComClient } from './client.js';
import type { WeComDepartment, WeComMember } from './types.js';

export interface OrgTag {
  tagid: number;
  tagname: string;
  userids: string[];
  partyIds: number[];
}

export interface OrgSnapshot<M = WeComMember> {
  departments: WeComDepartment[];
  /** Each member once, keyed by userid, however many departments list them. */
  members: Map<string, M>;
  tags: OrgTag[];
}

export interface ReadOrgOptions<M = WeComMember> {
  /** Read tags and their members too (default true). */
  tags?: boolean;
  /** Called as departments are read: (done, total). */
  onProgress?: (done: number, total: number) => void;
  /**
   * What to keep of each member, called once per member as its page arrives (undefined: keep
   * nothing). A member's user/list entry is whole (all its departments), so a caller can map it
   * at once and the raw answers never pile up: at a million members they alone are over 1 GB.
   */
  keep?: (m: WeComMember) => M | undefined;
}

/**
 * Reads everything the secret can see: department/list once, user/list for every department
 * (as many at once as the client allows), and beside them tag/list and tag/get per tag. Memory holds one
 * copy of each member; the per-department answers are dropped as soon as they are merged.
 */
export async function readOrganization(client: WeComClient, options?: ReadOrgOptions): Promise<OrgSnapshot>;
export async function readOrganization<M>(
  client: WeComClient,
  options: ReadOrgOptions<M> & { keep: (m: WeComMember) => M | undefined },
): Promise<OrgSnapshot<M>>;
export async function readOrganization<M>(client: WeComClient, options: ReadOrgOptions<M> = {}): Promise<OrgSnapshot<M>> {
  // Tags do not depend on departments: read both at once, so neither waits for the other's round trips.
  const [{ departments, members }, tags] = await Promise.all([
    readMembers(client, options),
    options.tags !== false ? readTags(client) : [],
  ]);
  return { departments, members, tags };
}

async function readMembers<M>(client: WeComClient, options: ReadOrgOptions<M>) {
  const departments = await client.departments.list();
  const members = new Map<string, M>();
  const keep = options.keep ?? ((m: WeComMember) => m as M);
  // Members the caller kept nothing of: not offered again when another department lists them.
  const dropped = new Set<string>();
  let done = 0;
  await Promise.all(
    departments.map(async (d) => {
      for (const m of await client.users.list(d.id)) {
        if (members.has(m.userid) || dropped.has(m.userid)) continue;
        const kept = keep(m);
        if (kept === undefined) dropped.add(m.userid);
        else members.set(m.userid, kept);
      }
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
