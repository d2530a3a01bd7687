import type { SyncCounts, Change } from './model.js';
import type { BindingRow, DeptMemberRow, DeptRow, MemberRow, RoleMemberRow, RoleRow, UserRow } from './rows.js';

/** Everything a sync will write, computed before anything is written (dry runs print it). */
export interface Plan {
  counts: SyncCounts;
  changes: Change[];
  deptRows: DeptRow[];
  deptRemovals: string[];
  userRows: UserRow[];
  /** Existing users whose fields follow a changed member (upserted, created_at kept). */
  userUpdates: UserRow[];
  memberRows: MemberRow[];
  resign: string[];
  bindingInserts: BindingRow[];
  rebinds: { memberId: string; upstreamId: string }[];
  /** Members whose synced department memberships are replaced by `membershipRows`. */
  membershipReplace: string[];
  membershipRows: DeptMemberRow[];
  roleRows: RoleRow[];
  roleRemovals: string[];
  roleMemberInserts: RoleMemberRow[];
  roleMemberDeletes: { roleId: string; memberId: string }[];
  /** For the guard: how many active members and departments there were before. */
  before: { activeMembers: number; activeDepts: number };
}

export function planIsEmpty(p: Plan): boolean {
  return p.changes.length === 0;
}
