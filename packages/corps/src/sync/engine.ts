import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { JitError, scrubSecrets, type Clock, type Logger } from '@jitkit/core';
import { databaseError } from '../store/bulk.js';
import { LeaseLock, newHolderId, type LockOptions } from '../store/lease-lock.js';
import type { PoolStore } from '../store/pool-store.js';
import { markAbandoned, recordRunEnd, recordRunStart } from '../store/sync-runs.js';
import { ANALYZE_AFTER_ROWS, refreshPlannerStats } from '../store/planner-stats.js';
import { applyPlan } from './apply.js';
import { checkGuard, type GuardSettings } from './guard.js';
import { memberHashes, planFingerprint } from './hash.js';
import { HeldMembers } from './held-members.js';
import { corpTotals, readDeptParents, readLocalState, readWholePool } from './read-local.js';
import type { LocalState } from './local-state.js';
import { applyDeptScope, hasDeptScope, type DeptScope } from './dept-scope.js';
import type { Change, SyncProgress, SyncReport } from './model.js';
import { planSync, type SyncKind } from './planner.js';
import type { SyncScope, UpstreamMember, UpstreamOrg } from './upstream.js';

/** Where a sync reads from: a corp Type's adapter over its directory (WeCom, …). */
export interface SyncSource {
  /**
   * `pool` lets a targeted read plan its calls from what the pool knows (e.g. which departments
   * the named members are in, to read several with one list call); it is read, never written.
   */
  fetch(scope: SyncScope, onProgress?: (p: SyncProgress) => void, pool?: PoolContext, sink?: MemberSink): Promise<UpstreamOrg>;
  /** Upstream calls made so far (the report gives the difference). */
  callCount(): number;
  /**
   * For a targeted sync (events): what else the upstream's own rules say must be re-read so the
   * result matches a full sync (e.g. WeCom rewrites members' direct leaders without an event).
   * Reads more into `upstream` and returns the widened scope. Without it, the scope is as given.
   */
  widenScope?(ctx: WidenContext): Promise<Exclude<SyncScope, 'all'>>;
}

/**
 * Where a full read may hand over each member as soon as it is final (it is not changed after):
 * the engine fingerprints it while the rest is fetched and, once it has read the pool, gives back
 * a brief copy of one the pool has exactly, for the source to keep instead (brief-member.ts).
 * Optional; members not handed over are fingerprinted after the fetch and kept whole.
 */
export interface MemberSink {
  /**
   * Returns the member to keep in the org `fetch` returns: `m`, or, when the pool already has it
   * exactly, a brief copy (what planning reads of a member it does not write). A member handed
   * over again (after `ready()`, say) is not fingerprinted twice.
   */
  member(m: UpstreamMember): UpstreamMember;
  /**
   * Resolves once the pool is read, from when members handed over can be compared with it. A
   * source need not wait (members handed over before are kept whole); a test may, to know.
   */
  ready(): Promise<void>;
}

/** The pool, to read (never write) what the local side knows. */
export interface PoolContext {
  db: Knex;
  corpId: number;
}

export interface WidenContext extends PoolContext {
  scope: Exclude<SyncScope, 'all'>;
  upstream: UpstreamOrg;
  renames?: Map<string, string>;
}

export interface SyncTarget {
  corpId: number;
  fullName: string;
  rootDeptId: string;
}

export interface RunSyncOptions {
  kind?: SyncKind;
  scope?: SyncScope;
  renames?: Map<string, string>;
  /** Apply even if the guard would stop the sync. */
  force?: boolean;
  /** Pool columns the app owns (sync.localFields): a member's value set through updateMember wins. */
  localColumns?: Set<string>;
  /** `sync.scope`: the departments whose subtrees are synced (include), minus others (exclude). */
  deptScope?: DeptScope;
  /**
   * Queues the run's notifications (webhooks) in the apply transaction itself: none for a
   * rolled-back run, none lost for a committed one. Returns how many were queued.
   */
  outbox?: (trx: Knex.Transaction, runId: string, changes: readonly Change[], now: number) => Promise<number>;
  /** Apply only if the plan's fingerprint is this one (a plan reviewed earlier); else PLAN_CHANGED, nothing written. */
  expectFingerprint?: string;
  /** Who or what started the run, for the history (cli, schedule, events, admin:<who> …). */
  startedBy?: string;
  /**
   * How many members a full sync holds whole in memory until apply; the rest (new or changed
   * ones) wait in a temporary file (member-stage.ts). 0 stages all, Infinity none; by default
   * STAGE_MEMBERS_AFTER (held-members.ts).
   */
  stageMembersAfter?: number;
  /** Plan and report, write nothing (not even the sync-runs row). */
  dryRun?: boolean;
  guard?: GuardSettings | false;
  lock?: Partial<LockOptions>;
  onProgress?: (p: SyncProgress) => void;
}

export interface SyncEnv {
  store: PoolStore;
  clock: Clock;
  logger: Logger;
}

export const DEFAULT_GUARD: GuardSettings = { maxShare: 0.2 };
export const DEFAULT_LOCK: LockOptions = { leaseMs: 60_000, wait: true, waitTimeoutMs: 120_000 };

/**
 * One sync run: lock, read upstream, compare, guard, apply in one transaction, record. Either
 * every change is written or none is; the run is recorded either way (except a dry run).
 */
export async function runSync(env: SyncEnv, target: SyncTarget, source: SyncSource, options: RunSyncOptions = {}): Promise<SyncReport> {
  const { store, clock, logger } = env;
  const knex = store.knex;
  await store.ready();
  const kind = options.kind ?? 'full';
  let scope = options.scope ?? 'all';
  const dryRun = options.dryRun ?? false;
  const forced = options.force ?? false;
  const startedAt = clock.now();
  const report: SyncReport = {
    runId: randomUUID(),
    corpFullName: target.fullName,
    kind,
    status: 'failed',
    dryRun,
    forced,
    startedAt,
    finishedAt: startedAt,
    counts: {} as SyncReport['counts'],
    changes: [],
    rowsWritten: 0,
    upstreamCalls: 0,
    durations: { fetchMs: 0, planMs: 0, applyMs: 0, totalMs: 0 },
  };
  const progress = options.onProgress ?? (() => {});
  const holder = newHolderId();
  const lockOptions = { ...DEFAULT_LOCK, ...options.lock };
  const lock = dryRun ? undefined : new LeaseLock(knex, `sync:${target.fullName}`, holder, clock, lockOptions);
  let heartbeat: NodeJS.Timeout | undefined;
  let lockLost: unknown;
  let recorded = false;
  // A full sync holds members brief or staged where it can (not under sync.scope, which copies
  // them, nor with renames, which move bindings).
  const held = new HeldMembers(scope === 'all' && !hasDeptScope(options.deptScope) && !options.renames?.size, options.stageMembersAfter);
  const calls0 = source.callCount();
  try {
    if (lock) {
      progress({ phase: 'lock' });
      const { tookOverFrom } = await lock.acquire();
      if (tookOverFrom) {
        const n = await markAbandoned(knex, target.corpId, tookOverFrom, clock.now());
        logger.warn('took over an expired sync lock', { lock: lock.name, from: tookOverFrom, abandonedRuns: n });
      }
      heartbeat = setInterval(() => lock.renew().catch((err: unknown) => (lockLost = err)), Math.max(1_000, lockOptions.leaseMs / 3));
      heartbeat.unref();
      // The run starts when it holds the lock; time spent waiting for another sync is not its own.
      report.startedAt = clock.now();
      await recordRunStart(knex, {
        runId: report.runId,
        corpId: target.corpId,
        kind,
        forced,
        startedAt: report.startedAt,
        holder,
        ...(options.startedBy ? { startedBy: options.startedBy } : {}),
      });
      recorded = true;
    }

    const t0 = clock.now();
    progress({ phase: 'fetch' });
    // A full sync reads the whole pool anyway: do it while upstream answers. It starts once the
    // fetch has made progress (or a source awaits sink.ready()): on SQLite's one connection it
    // would otherwise hold up the source's own first reads (its cached token).
    let whole: Promise<LocalState> | undefined;
    let pool: LocalState | undefined; // once read
    const readWhole = () => {
      if (!whole) {
        whole = readWholePool(knex, target.corpId, target.rootDeptId);
        whole.then((state) => (pool = state)).catch(() => {}); // awaited in the plan phase; a failed fetch must not leave it unhandled
      }
      return whole;
    };
    const fetchProgress = (p: SyncProgress) => {
      if (scope === 'all' && p.done !== undefined) readWhole();
      progress(p);
    };
    const sink: MemberSink = {
      member: (m) => held.hold(m, pool),
      ready: () => readWhole().then(() => undefined), // `pool` is set by readWhole's own then, which runs first
    };
    let upstream = await source.fetch(scope, fetchProgress, { db: knex, corpId: target.corpId }, sink);
    if (scope !== 'all' && source.widenScope)
      scope = await source.widenScope({ db: knex, corpId: target.corpId, scope, upstream, renames: options.renames });
    let outOfScope: Set<string> | undefined;
    if (hasDeptScope(options.deptScope)) {
      // A targeted read names a few departments: the pool knows the rest of the tree.
      const parents = scope === 'all' ? new Map<string, string | null>() : await readDeptParents(knex, target.corpId);
      for (const d of upstream.depts) parents.set(d.externalId, d.parentExternalId);
      ({ upstream, outOfScope } = applyDeptScope(upstream, options.deptScope, parents, target.rootDeptId));
    }
    report.upstreamCalls = source.callCount() - calls0;
    const t1 = clock.now();
    report.durations.fetchMs = t1 - t0;

    progress({ phase: 'plan' });
    if (scope === 'all') held.settle(upstream.members, await readWhole());
    // Every read of the pool happens here, once; planning itself is pure.
    // Members sync.scope trimmed are new objects: fingerprinted here, like any not handed over.
    const hashOf = hasDeptScope(options.deptScope) ? memberHashes(upstream.members) : held.hashOf(upstream.members);
    const local = await readLocalState({
      db: knex,
      corpId: target.corpId,
      rootDeptId: target.rootDeptId,
      scope,
      upstream,
      hashOf,
      renames: options.renames,
      whole: scope === 'all' ? readWhole() : undefined,
    });
    const plan = planSync({
      corp: { id: target.corpId, fullName: target.fullName, rootDeptId: target.rootDeptId },
      upstream,
      scope,
      local,
      kind,
      now: clock.now(),
      renames: options.renames,
      hashOf,
      outOfScope,
      localColumns: options.localColumns,
      stage: held.staged,
    });
    held.planned(plan.memberWrites);
    report.counts = plan.counts;
    report.changes = plan.changes;
    report.fingerprint = planFingerprint(plan.changes);
    if (options.expectFingerprint !== undefined && options.expectFingerprint !== report.fingerprint)
      throw new JitError(
        'PLAN_CHANGED',
        `the reviewed plan is out of date: upstream or the pool changed since it was made (${plan.changes.length} changes now); plan again and review the new one`,
        { expected: options.expectFingerprint, actual: report.fingerprint },
      );
    const t2 = clock.now();
    report.durations.planMs = t2 - t1;

    const guard = options.guard ?? DEFAULT_GUARD;
    const guarded = guard && kind !== 'additive' && !forced;
    // The guard's shares are of the whole corp: a targeted sync counts it only when it would take something away.
    if (guarded && !plan.before && (plan.resign.length > 0 || plan.deptRemovals.length > 0))
      plan.before = await corpTotals(knex, target.corpId, target.rootDeptId);
    const stop = guarded ? checkGuard(plan, guard) : undefined;
    if (stop) {
      report.status = 'guarded';
      report.error = { code: stop.code, message: stop.message };
      (stop.details as Record<string, unknown>).runId = report.runId;
      throw stop;
    }
    if (dryRun) {
      report.status = 'planned';
      return report;
    }
    if (lockLost) throw lockLost;
    if (plan.changes.length > 0) {
      // The apply renews the lease between its steps on its own connection. A timer's renew would
      // wait for the transaction to end: on SQLite's one connection it times out after a minute.
      clearInterval(heartbeat);
      try {
        report.rowsWritten = await knex.transaction(async (trx) => {
          const rows = await applyPlan(trx, plan, target.corpId, clock.now(), { onProgress: progress, renew: (t) => lock!.renew(t) });
          if (options.outbox) report.notificationsQueued = await options.outbox(trx, report.runId, plan.changes, clock.now());
          return rows;
        });
      } catch (err) {
        // Rolled back: nothing of this plan was written.
        throw err instanceof JitError ? err : databaseError(err, 'applying the sync');
      }
    }
    report.durations.applyMs = clock.now() - t2;
    // After the apply's time is taken: it is the write's, which the benchmark compares with the driver's floor.
    if (report.rowsWritten >= ANALYZE_AFTER_ROWS) await refreshPlannerStats(knex, logger);
    report.status = 'succeeded';
    return report;
  } catch (err) {
    if (report.status !== 'guarded') {
      report.status = 'failed';
      report.error = {
        code: err instanceof JitError ? err.code : 'SYNC_FAILED',
        message: scrubSecrets(err instanceof Error ? err.message : String(err)),
      };
    }
    report.upstreamCalls = source.callCount() - calls0;
    // The caller gets the whole report with the error (counts, change list, timings), finished below.
    if (err !== null && typeof err === 'object')
      Object.defineProperty(err, 'report', { value: report, enumerable: false, configurable: true });
    throw err;
  } finally {
    clearInterval(heartbeat);
    held.close();
    report.finishedAt = clock.now();
    report.durations.totalMs = report.finishedAt - report.startedAt;
    if (recorded)
      await recordRunEnd(knex, target.corpId, report).catch((e: unknown) =>
        logger.error('could not record the sync run', { runId: report.runId, error: e }),
      );
    if (lock) await lock.release().catch((e: unknown) => logger.error('could not release the sync lock', { error: e }));
    progress({ phase: 'done' });
    logger.info('sync finished', {
      corp: target.fullName,
      runId: report.runId,
      status: report.status,
      rowsWritten: report.rowsWritten,
      calls: report.upstreamCalls,
      ms: report.durations.totalMs,
    });
  }
}
