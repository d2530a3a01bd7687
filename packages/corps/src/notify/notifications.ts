import type { Change, SyncReport } from '../sync/model.js';

/**
 * What a committed sync tells the app: one notification per change, named for any upstream
 * (`member.added`, `department.renamed`, `role.member.added` …), plus `sync.failed` and
 * `sync.guarded` for runs that wrote nothing. The same names and payloads serve in-process
 * listeners (corp.on) and, later, outbound webhooks.
 */
export interface SyncNotification {
  /** Stable across deliveries: `<runId>:<index>` (receivers de-duplicate by it). */
  id: string;
  event: string;
  runId: string;
  corp: string;
  /** When the run finished, epoch ms. */
  time: number;
  change?: Change;
  error?: { code: string; message: string };
}

/** `dept.*` changes are `department.*` notifications; every other kind keeps its name. */
export function eventName(kind: Change['kind']): string {
  return kind.startsWith('dept.') ? `department.${kind.slice('dept.'.length)}` : kind;
}

export function notificationsOf(report: SyncReport): SyncNotification[] {
  if (report.dryRun) return [];
  if (report.status === 'failed' || report.status === 'guarded') return [runEndNotification(report)];
  if (report.status !== 'succeeded') return [];
  return changeNotifications(report.runId, report.corpFullName, report.finishedAt, report.changes);
}

/** One notification per change of a run, numbered in change-list order. */
export function changeNotifications(runId: string, corp: string, time: number, changes: readonly Change[]): SyncNotification[] {
  return changes.map((change, i) => ({ id: `${runId}:${i}`, event: eventName(change.kind), runId, corp, time, change }));
}

/** `sync.failed` / `sync.guarded`: a run that wrote nothing, with its error. */
export function runEndNotification(report: SyncReport): SyncNotification {
  return {
    id: `${report.runId}:0`,
    event: `sync.${report.status}`,
    runId: report.runId,
    corp: report.corpFullName,
    time: report.finishedAt,
    ...(report.error ? { error: report.error } : {}),
  };
}

/** `member.resigned` matches itself; `department.*` every department event; `*` everything. */
export function matches(pattern: string, event: string): boolean {
  if (pattern === '*' || pattern === event) return true;
  return pattern.endsWith('.*') && event.startsWith(pattern.slice(0, -1));
}
