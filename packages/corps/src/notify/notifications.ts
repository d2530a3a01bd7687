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
  const base = { runId: report.runId, corp: report.corpFullName, time: report.finishedAt };
  if (report.dryRun) return [];
  if (report.status === 'failed' || report.status === 'guarded')
    return [{ id: `${report.runId}:0`, event: `sync.${report.status}`, ...base, ...(report.error ? { error: report.error } : {}) }];
  if (report.status !== 'succeeded') return [];
  return report.changes.map((change, i) => ({ id: `${report.runId}:${i}`, event: eventName(change.kind), ...base, change }));
}

/** `member.resigned` matches itself; `department.*` every department event; `*` everything. */
export function matches(pattern: string, event: string): boolean {
  if (pattern === '*' || pattern === event) return true;
  return pattern.endsWith('.*') && event.startsWith(pattern.slice(0, -1));
}
