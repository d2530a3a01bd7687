import { paceMsPerCall, readMembersByDepartment, type PoolContext } from '@jitkit/corps';
import type { WeComClient, WeComMember } from '@jitkit/wecom';
import { GONE_DEPT, GONE_MEMBER, unlessGone } from '../unless-gone.js';
import { weComReadBudget } from './read-budget.js';

/**
 * What reading costs, to choose between a call per department and one call for a subtree
 * (user/list with fetch_child=1). A call costs a round trip, and once the budget runs below half
 * the pace it puts on the next batch (paceMsPerCall, at 9,000 a minute for each of user/get and
 * user/list: 3.3 ms at a quarter left, 13 ms at a tenth). A member listed costs its transfer
 * (about 500 bytes: 0.04 ms at 100 Mbit/s) and parsing (measured against the emulator: 0.014 ms):
 * one call is worth 25 members with half the budget or more left, about 83 at a quarter, 333 at
 * a tenth. (Priced
 * at the full pace with the budget untouched, a 500-a-second stream read subtrees of thousands
 * for a handful of members, 0.03 calls an event, and the emulator's CPU, on the same two cores,
 * delayed its deliveries by 12 to 32 s at p99.)
 */
const CALL_MS = 1;
const MEMBER_READ_MS = 0.04;
/**
 * The largest subtree read in one call: its answer (about 2.5 MB) is parsed whole. Reading a
 * 20,000-member org whole for a batch raised the server's peak RSS from 430 to 680 MB.
 */
const SUBTREE_MAX_MEMBERS = 5_000;

/**
 * The named members as WeCom has them now. WeCom allows 10,000 calls a minute per API, so one
 * user/get per member caps a stream of events at about 150 members a second. Where the pool says
 * several of them share a department, one user/list of it reads them all (and spends the budget
 * of another API); where several departments of one subtree are read, one user/list with
 * fetch_child=1 may read them all. A member not in the list it was looked for in (moved, new,
 * gone) is read with user/get, so the answer is the same as reading each one.
 */
export function readNamedMembers(
  client: WeComClient,
  ids: string[],
  pool?: PoolContext,
  hints: Record<string, string[]> = {},
  /** What one call is worth in members read; by default from the budget (see above). */
  callWorth?: number,
): Promise<WeComMember[]> {
  return readMembersByDepartment(
    {
      get: (id) => unlessGone(client.users.get(id), GONE_MEMBER),
      list: (dept) => unlessGone(client.users.list(Number(dept)), GONE_DEPT),
      idOf: (m) => m.userid,
      alsoList: (lone, listing) => loneByList(client, listing, lone),
      subtree: {
        list: (dept) => unlessGone(client.users.list(Number(dept), true), GONE_DEPT),
        maxMembers: SUBTREE_MAX_MEMBERS,
        weight: () => callWorth ?? Math.max(CALL_MS, paceMsPerCall(weComReadBudget(client))) / MEMBER_READ_MS,
      },
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
