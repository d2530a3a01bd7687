import { readMembersByDepartment, type PoolContext } from '@jitkit/corps';
import type { WeComClient, WeComMember } from '@jitkit/wecom';
import { unlessGone } from '../unless-gone.js';

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
export function readNamedMembers(
  client: WeComClient,
  ids: string[],
  pool?: PoolContext,
  hints: Record<string, string[]> = {},
): Promise<WeComMember[]> {
  return readMembersByDepartment(
    {
      get: (id) => unlessGone(client.users.get(id), GONE_MEMBER),
      list: (dept) => unlessGone(client.users.list(Number(dept)), GONE_DEPT),
      idOf: (m) => m.userid,
      alsoList: (lone, listing) => loneByList(client, listing, lone),
    },
    ids,
    pool,
    hints,
  );
}

/**
 * Members alone in their department are read with user/get while it has half its minute budget
 * left. Past that, enough of them are read by listing their department that both APIs are left
 * with the same room: a stream of events spends both budgets before either runs dry, and a call
 * waits for the minute window (up to a minute) only when both did.
 */
function loneByList(client: WeComClient, listing: number, lone: string[]): string[] {
  const get = client.budget('user/get');
  if (!Number.isFinite(get.left) || get.left - lone.length >= get.perMinute / 2) return [];
  const listLeft = client.budget('user/list').left - listing;
  const n = Math.ceil((lone.length - (get.left - listLeft)) / 2);
  return lone.slice(0, Math.max(0, Math.min(lone.length, n)));
}
