import type { SyncCounts, Change } from './model.js';
import type { MemberRowBuilder, MemberWrite } from './member-writes.js';
import type { DeptRow, RoleMemberRow, RoleRow } from './rows.js';
import type { CorpTotals } from './local-state.js';

/** Everything a sync will write, computed before anything is written (dry runs print it). */
export interface Plan {
  counts: SyncCounts;
  changes: Change[];
  deptRows: DeptRow[];
  deptRemovals: string[];
  /** Members added or updated, with their users, bindings and memberships (rows built at apply). */
  memberWrites: MemberWrite[];
  memberRows: MemberRowBuilder;
  /** How many rows the member writes insert or update (progress only; deletes are counted as they happen). */
  memberRowCount: number;
  resign: string[];
  rebinds: { memberId: string; upstreamId: string }[];
  roleRows: RoleRow[];
  roleRemovals: string[];
  roleMemberInserts: RoleMemberRow[];
  roleMemberDeletes: { roleId: string; memberId: string }[];
  /** For the guard: how many active members and departments there were before (LocalState.totals). */
  before?: CorpTotals;
}

export function planIsEmpty(p: Plan): boolean {
  return p.changes.length === 0;
}
