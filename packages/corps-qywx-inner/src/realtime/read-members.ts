import { POOL_TABLE_NAMES as T, selectIn, type PoolContext } from '@jitkit/corps';
import type { WeComClient, WeComMember } from '@jitkit/wecom';
import { unlessGone } from '../unless-gone.js';

/** A department holding at least this many of the named members is read with one user/list. */
export const LIST_MIN = 2;
/** user/get's "gone" answers: not found, out of the visible range, invalid userid. */
const GONE_MEMBER = [60111, 60011, 40003];
const GONE_DEPT = [60003, 60011, 60123];

/**
 * The named members as WeCom has them now. WeCom allows 10,000 calls a minute per API, so one
 * user/get per member caps a stream of events at about 150 members a second. Where the pool says
 * several of them share a department, one user/list of it reads them all (and spends the budget
 * of another API). A member not in the list it was looked for in (moved, new, gone) is read with
 * user/get, so the answer is the same as reading each one.
 */
export async function readNamedMembers(
  client: WeComClient,
  ids: string[],
  pool?: PoolContext,
  hints: Record<string, string[]> = {},
): Promise<WeComMember[]> {
  const wanted = new Set(ids);
  const found = new Map<string, WeComMember>();
  if (pool && ids.length >= LIST_MIN) {
    await Promise.all(
      (await departmentsCovering(pool, ids, hints)).map(async (dept) => {
        for (const m of (await unlessGone(client.users.list(Number(dept)), GONE_DEPT)) ?? [])
          if (wanted.has(m.userid)) found.set(m.userid, m);
      }),
    );
  }
  const rest = await Promise.all(ids.filter((id) => !found.has(id)).map((id) => unlessGone(client.users.get(id), GONE_MEMBER)));
  return [...found.values(), ...rest.filter((m): m is WeComMember => !!m)];
}

/**
 * Departments worth listing: most named members first, each member counted in one department
 * only. Where a member is comes from the pool, or for one it does not know, from its event.
 */
async function departmentsCovering(pool: PoolContext, ids: string[], hints: Record<string, string[]>): Promise<string[]> {
  const byDept = new Map<string, string[]>();
  const add = (dept: string, member: string) => {
    const list = byDept.get(dept);
    if (list) list.push(member);
    else byDept.set(dept, [member]);
  };
  for (const r of await selectIn(ids, (part) =>
    pool
      .db(`${T.bindings} as b`)
      .join(`${T.deptMembers} as d`, (j) => j.on('d.corp_id', 'b.corp_id').andOn('d.member_id', 'b.member_id'))
      .where('b.corp_id', pool.corpId)
      .whereIn('b.upstream_id', part)
      .select('b.upstream_id', 'd.dept_id'),
  ))
    add(r.dept_id as string, r.upstream_id as string);
  const known = new Set([...byDept.values()].flat());
  for (const id of ids) if (!known.has(id)) for (const d of hints[id] ?? []) add(d, id);
  const covered = new Set<string>();
  const chosen: string[] = [];
  for (const [dept, members] of [...byDept].sort((a, b) => b[1].length - a[1].length)) {
    const fresh = members.filter((m) => !covered.has(m));
    if (fresh.length < LIST_MIN) continue;
    chosen.push(dept);
    for (const m of fresh) covered.add(m);
  }
  return chosen;
}
