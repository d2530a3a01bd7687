import type { Knex } from 'knex';
import { scrubSecrets } from '@jitkit/core';
import type { SyncReport } from '../sync/model.js';
import { T } from './tables.js';

/** The sync history: one row per run, with its counts, change list, timings and error. */
export async function recordRunStart(
  db: Knex,
  r: { runId: string; corpId: number; kind: string; forced: boolean; startedAt: number; holder: string },
): Promise<void> {
  await db(T.syncRuns).insert({
    run_id: r.runId,
    corp_id: r.corpId,
    kind: r.kind,
    status: 'running',
    dry_run: false,
    forced: r.forced,
    started_at: r.startedAt,
    holder: r.holder,
  });
}

export async function recordRunEnd(db: Knex, report: SyncReport): Promise<void> {
  await db(T.syncRuns)
    .where({ run_id: report.runId })
    .update({
      status: report.status,
      finished_at: report.finishedAt,
      fetch_ms: Math.round(report.durations.fetchMs),
      apply_ms: Math.round(report.durations.applyMs),
      upstream_calls: report.upstreamCalls,
      rows_written: report.rowsWritten,
      counts: JSON.stringify(report.counts),
      changes: JSON.stringify(report.changes),
      error: report.error ? scrubSecrets(`${report.error.code}: ${report.error.message}`) : null,
    });
}

/** Runs left 'running' by a holder that died are marked abandoned by the one taking over. */
export async function markAbandoned(db: Knex, corpId: number, holder: string, now: number): Promise<number> {
  return db(T.syncRuns)
    .where({ corp_id: corpId, status: 'running', holder })
    .update({ status: 'abandoned', finished_at: now, error: `holder ${holder} stopped before finishing (its lock lease expired)` });
}

export interface SyncRunRow {
  runId: string;
  kind: string;
  status: string;
  forced: boolean;
  startedAt: number;
  finishedAt: number | null;
  fetchMs: number | null;
  applyMs: number | null;
  upstreamCalls: number | null;
  rowsWritten: number | null;
  counts: Record<string, number> | null;
  error: string | null;
}

export async function listRuns(db: Knex, corpId: number, limit = 20): Promise<SyncRunRow[]> {
  const rows = await db(T.syncRuns)
    .where({ corp_id: corpId })
    .orderBy('started_at', 'desc')
    .limit(limit)
    .select(
      'run_id',
      'kind',
      'status',
      'forced',
      'started_at',
      'finished_at',
      'fetch_ms',
      'apply_ms',
      'upstream_calls',
      'rows_written',
      'counts',
      'error',
    );
  return rows.map((r) => ({
    runId: r.run_id,
    kind: r.kind,
    status: r.status,
    forced: Boolean(r.forced),
    startedAt: Number(r.started_at),
    finishedAt: r.finished_at === null ? null : Number(r.finished_at),
    fetchMs: r.fetch_ms,
    applyMs: r.apply_ms,
    upstreamCalls: r.upstream_calls,
    rowsWritten: r.rows_written,
    counts: r.counts ? JSON.parse(r.counts) : null,
    error: r.error,
  }));
}

export async function runChanges(db: Knex, runId: string): Promise<unknown[]> {
  const row = await db(T.syncRuns).where({ run_id: runId }).first('changes');
  return row?.changes ? JSON.parse(row.changes) : [];
}
