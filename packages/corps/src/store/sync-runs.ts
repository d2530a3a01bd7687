import type { Knex } from 'knex';
import { scrubSecrets } from '@jitkit/core';
import type { SyncReport } from '../sync/model.js';
import { writeRows } from './bulk.js';
import { T } from './tables.js';
import type { Change } from '../sync/model.js';

/** The sync history: one row per run, with its counts, change list, timings and error. */
export async function recordRunStart(
  db: Knex,
  r: { runId: string; corpId: number; kind: string; forced: boolean; startedAt: number; holder: string; startedBy?: string },
): Promise<void> {
  await db(T.syncRuns).insert({
    started_by: r.startedBy ?? null,
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

export async function recordRunEnd(db: Knex, corpId: number, report: SyncReport): Promise<void> {
  // One transaction: one commit for a first sync's 100,000 changes, and the driver's bulk path.
  await db.transaction((trx) => writeRun(trx, corpId, report));
}

async function writeRun(db: Knex.Transaction, corpId: number, report: SyncReport): Promise<void> {
  // The change list goes to its own table (paged, filtered, a member's history); the run row keeps the rest.
  await writeRows(
    db,
    T.syncChanges,
    report.changes.map((c, seq) => ({
      run_id: report.runId,
      seq,
      corp_id: corpId,
      kind: c.kind,
      target_id: c.id,
      external_id: c.externalId ?? null,
      name: c.name ?? null,
      detail: c.detail ?? null,
    })),
  );
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
      changes: null,
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
  /** Who or what started it: cli, schedule, events, first sync, admin:<who> … (null: code calling the API). */
  startedBy: string | null;
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

export async function listRuns(db: Knex, corpId: number, limit = 20, runId?: string): Promise<SyncRunRow[]> {
  const rows = await db(T.syncRuns)
    .where({ corp_id: corpId, ...(runId ? { run_id: runId } : {}) })
    .orderBy('started_at', 'desc')
    .limit(limit)
    .select(
      'run_id',
      'kind',
      'started_by',
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
    startedBy: r.started_by ?? null,
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

function changeOf(r: Record<string, unknown>): Change {
  return {
    kind: r.kind as Change['kind'],
    id: r.target_id as string,
    ...(r.external_id !== null ? { externalId: r.external_id as string } : {}),
    ...(r.name !== null ? { name: r.name as string } : {}),
    ...(r.detail !== null ? { detail: r.detail as string } : {}),
  };
}

/** A run's whole change list, in order (runs recorded before 0009 kept it as JSON on the run row). */
export async function runChanges(db: Knex, runId: string): Promise<Change[]> {
  const rows = await db(T.syncChanges).where({ run_id: runId }).orderBy('seq').select();
  if (rows.length) return rows.map(changeOf);
  const row = await db(T.syncRuns).where({ run_id: runId }).first('changes');
  return row?.changes ? (JSON.parse(row.changes) as Change[]) : [];
}

/** One page of a run's changes, optionally of some kinds, with the total that match. */
export async function runChangePage(
  db: Knex,
  runId: string,
  page: { kinds?: string[]; offset: number; limit: number },
): Promise<{ total: number; changes: (Change & { seq: number })[] }> {
  const base = () => {
    const q = db(T.syncChanges).where({ run_id: runId });
    if (page.kinds?.length) q.whereIn('kind', page.kinds);
    return q;
  };
  const [{ n }] = (await base().count({ n: '*' })) as { n: number | string }[];
  const rows = await base().orderBy('seq').offset(page.offset).limit(page.limit).select();
  return { total: Number(n), changes: rows.map((r) => ({ ...changeOf(r), seq: Number(r.seq) })) };
}

/** What the syncs did to one member (or department), newest first, with each run's time. */
export async function changeHistory(
  db: Knex,
  corpId: number,
  targetId: string,
  limit = 50,
): Promise<(Change & { runId: string; at: number })[]> {
  const rows = await db(`${T.syncChanges} as c`)
    .join(`${T.syncRuns} as r`, 'r.run_id', 'c.run_id')
    .where({ 'c.corp_id': corpId, 'c.target_id': targetId })
    .orderBy('r.started_at', 'desc')
    .limit(limit)
    .select('c.*', 'r.started_at');
  return rows.map((r) => ({ ...changeOf(r), runId: r.run_id as string, at: Number(r.started_at) }));
}

/** One run, or undefined. */
export async function findRun(db: Knex, corpId: number, runId: string): Promise<SyncRunRow | undefined> {
  const rows = await listRuns(db, corpId, 1, runId);
  return rows[0];
}
