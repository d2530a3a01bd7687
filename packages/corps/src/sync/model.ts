/** Counts every sync reports (and records in the sync-runs table). */
export interface SyncCounts {
  membersAdded: number;
  membersUpdated: number;
  membersRenamed: number;
  membersResigned: number;
  membersReactivated: number;
  deptsCreated: number;
  deptsRenamed: number;
  deptsMoved: number;
  deptsUpdated: number;
  deptsRemoved: number;
  rolesCreated: number;
  rolesRenamed: number;
  rolesRemoved: number;
  roleMembershipsAdded: number;
  roleMembershipsRemoved: number;
  /** Members upstream returned outside `sync.scope` and not in the pool: ignored (events about them included). */
  membersOutOfScope: number;
}

export function emptyCounts(): SyncCounts {
  return {
    membersAdded: 0,
    membersUpdated: 0,
    membersRenamed: 0,
    membersResigned: 0,
    membersReactivated: 0,
    deptsCreated: 0,
    deptsRenamed: 0,
    deptsMoved: 0,
    deptsUpdated: 0,
    deptsRemoved: 0,
    rolesCreated: 0,
    rolesRenamed: 0,
    rolesRemoved: 0,
    roleMembershipsAdded: 0,
    roleMembershipsRemoved: 0,
    membersOutOfScope: 0,
  };
}

export type ChangeKind =
  | 'member.added'
  | 'member.updated'
  | 'member.renamed'
  | 'member.resigned'
  | 'member.reactivated'
  | 'dept.created'
  | 'dept.renamed'
  | 'dept.moved'
  | 'dept.updated'
  | 'dept.removed'
  | 'role.created'
  | 'role.renamed'
  | 'role.removed'
  | 'role.member.added'
  | 'role.member.removed';

/** One line of a sync's change list: what happened to which item. */
export interface Change {
  kind: ChangeKind;
  /** memberId, deptId or roleId in the pool. */
  id: string;
  /** The upstream id (WeCom userid, department id, tag id). */
  externalId?: string;
  name?: string;
  /** What changed: field names, or from -> to. */
  detail?: string;
}

export type SyncStatus = 'succeeded' | 'failed' | 'guarded' | 'planned';

export interface SyncReport {
  runId: string;
  corpFullName: string;
  kind: 'full' | 'additive' | 'event';
  status: SyncStatus;
  dryRun: boolean;
  forced: boolean;
  startedAt: number;
  finishedAt: number;
  counts: SyncCounts;
  changes: Change[];
  /** Rows of the pool written (0 for a sync that found nothing to do). */
  rowsWritten: number;
  /** The plan's fingerprint (see `expectFingerprint`): equal plans, equal fingerprints. */
  fingerprint?: string;
  /** Webhook notifications queued in the same transaction (absent when the corp has no webhooks). */
  notificationsQueued?: number;
  upstreamCalls: number;
  durations: { fetchMs: number; planMs: number; applyMs: number; totalMs: number };
  error?: { code: string; message: string };
}

export type SyncPhase = 'lock' | 'fetch' | 'plan' | 'apply' | 'done';

export interface SyncProgress {
  phase: SyncPhase;
  done?: number;
  total?: number;
}

/** The full report a failed or guarded sync attaches to its error (not enumerable: logs stay short). */
export function reportOf(err: unknown): SyncReport | undefined {
  return err !== null && typeof err === 'object' ? ((err as { report?: SyncReport }).report ?? undefined) : undefined;
}
