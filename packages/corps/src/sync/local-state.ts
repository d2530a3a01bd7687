/**
 * The part of the pool a sync compares with upstream, read in one phase before planning
 * (read-local.ts) so the planner itself does no I/O: for a full sync, every member, department
 * and synced role of the corp (a few narrow columns each); for a targeted sync, only the rows
 * its scope and what it read upstream name.
 */

/**
 * A full sync reads userId, mobile, email and name only for the members it may write or resign
 * (read-local.ts mayWriteOrResign); the others have '' and null there, and the planner never
 * looks at them.
 */
export interface LocalMember {
  memberId: string;
  userId: string;
  upstreamId: string | null;
  status: number;
  hash: string | null;
  mobile: string | null;
  email: string | null;
  name: string;
  /** Values the app owns (updateMember), by column. */
  localFields?: Record<string, string | null>;
}

export interface LocalDept {
  deptId: string;
  externalId: string | null;
  parentId: string | null;
  name: string;
  status: number;
  hash: string | null;
  source: string;
}

export interface LocalRole {
  roleId: string;
  externalId: string;
  name: string;
  status: number;
}

export interface LocalState {
  corpId: number;
  rootDeptId: string;
  depts: Map<string, LocalDept>;
  /** Members bound to an upstream identity, by that identity. */
  bound: Map<string, LocalMember>;
  /**
   * Member ids of the corp known to be taken, but for members bound under their own id (they are
   * in `bound`): at a million members a set of every id is 100 MB. Ask memberIdTaken.
   */
  takenMemberIds: Set<string>;
  roles: Map<string, LocalRole>;
  /** Synced role memberships: complete for every loaded role, and every synced role of a member that may resign. */
  roleMembers: Map<string, Set<string>>;
  /** Users of the app not yet in this corp, by mobile: a newcomer with that mobile is that person. */
  usersByMobile: Map<string, string>;
  /**
   * Targeted sync only: active members of the departments that tags grant roles to, as the pool
   * knows them (members the sync did not read keep their departments).
   */
  deptMembers?: Map<string, string[]>;
  /**
   * Targeted sync with tags only: every active department's parent in the pool. A tag's roles
   * reach its departments' whole subtrees, which the few departments a targeted read loads do not show.
   */
  treeParents?: Map<string, string | null>;
  /** The member fields before the sync, for members it may update (to describe what changed). */
  memberFields: Map<string, Record<string, unknown>>;
  /**
   * For the guard: active members and synced departments of the whole corp before the sync. A
   * full sync counts the pool it read; a targeted one leaves this unset, and the engine counts
   * them only for a plan that resigns or removes something (two counts of the whole corp were
   * 46 ms of a 500-member event batch at 20,000 members).
   */
  totals?: CorpTotals;
}

export interface CorpTotals {
  activeMembers: number;
  activeDepts: number;
}

/** Whether `memberId` is taken in the corp as the pool was read (all of it for a full sync). */
export function memberIdTaken(state: LocalState, memberId: string): boolean {
  return state.takenMemberIds.has(memberId) || state.bound.get(memberId)?.memberId === memberId;
}

export function emptyLocalState(corpId: number, rootDeptId: string): LocalState {
  return {
    corpId,
    rootDeptId,
    depts: new Map(),
    bound: new Map(),
    takenMemberIds: new Set(),
    roles: new Map(),
    roleMembers: new Map(),
    usersByMobile: new Map(),
    memberFields: new Map(),
  };
}
