import { isJitError, type Clock, type Logger } from '@jitkit/core';
import type { Knex } from 'knex';
import { pruneOnce } from '../store/once.js';
import { pruneSessions } from '../store/sessions.js';
import type { SyncReport } from '../sync/model.js';
import { markApplied, markAttempt, markCoveredBy, pendingEvents, pruneEvents, type QueuedEvent } from './event-queue.js';

export interface AppliedBatch {
  events: QueuedEvent[];
  report?: SyncReport;
  error?: { code: string; message: string };
  /** Set when the batch failed and will be tried again at this time (epoch ms). */
  retryAt?: number;
  committedAt: number;
}

export interface EventApplierOptions {
  /** How often to look for events when nothing wakes it (events left from before a restart, retries due). */
  pollMs?: number;
  /**
   * Most events applied in one sync run (5,000). A backlog makes batches large, and a large batch
   * re-reads many members of one department with one call, which keeps a stream of events within
   * the upstream's per-minute call limits.
   */
  batchSize?: number;
  /** First retry delay after a failed batch; doubles per try up to maxRetryDelayMs. */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
  /** Events failing for longer than this (default 24 h) get a full sync of the corp instead. */
  escalateAfterMs?: number;
  /** Applied events (and expired sessions and one-time claims) are pruned after this (default 7 days). */
  retentionMs?: number;
  pruneEveryMs?: number;
  onBatch?: (batch: AppliedBatch) => void;
  /** Called with each full sync the applier started because events kept failing. */
  onEscalation?: (result: { report?: SyncReport; error?: { code: string; message: string } }) => void;
  /**
   * Another thread or process of the app applies this corp's queue (`jitkit serve` runs its
   * appliers in a worker thread, off the request path): none starts here, and each queued
   * delivery calls `wake` instead.
   */
  appliedElsewhere?: { wake(): void };
}

/** The upstream budget a Type's event reads draw on (e.g. WeCom's calls a minute per API). */
export interface ReadBudget {
  /** The share of it left now, 0..1. */
  left: number;
  /** Calls a second it refills at. */
  refillPerSecond: number;
}

/** Above this share of the read budget left, batches are not paced: a stream within the limit never waits. */
const PACE_BELOW = 0.5;
/** The least share left the pace is reckoned at: an empty budget waits as if 1% were left (MAX_PACE_MS bounds it). */
const FLOOR_LEFT = 0.01;
const MAX_PACE_MS = 10_000;

/**
 * How long a batch's call holds up the next batch (EventApplier's pace), and so what one more
 * call costs in latency: nothing while more than half the budget is left, then the refill's pace
 * times (half - left) / left: a fifth of it at 40% left, all of it at a quarter, four times it
 * at a tenth. A stream above the limit settles where it spends what refills (a quarter left);
 * one below it never waits; and as the budget runs out the pace grows without bound, so a window
 * that cannot refill yet (the first minute of a stream) is never spent dry. 0 without a budget.
 */
export function paceMsPerCall(budget: ReadBudget | undefined): number {
  if (!budget || !(budget.refillPerSecond > 0) || !Number.isFinite(budget.refillPerSecond)) return 0;
  const left = Math.max(0, budget.left);
  if (left >= PACE_BELOW) return 0;
  return ((PACE_BELOW - left) / Math.max(left, FLOOR_LEFT)) * (1000 / budget.refillPerSecond);
}

export interface EventApplierCorp {
  corpId(): Promise<number>;
  /** One targeted sync for the batch's queued payloads (whatever shape the corp's Type queues). */
  applyEvents(payloads: Record<string, unknown>[]): Promise<SyncReport>;
  /** A full sync of the corp: what covers events that cannot be applied one by one. */
  fullSync(): Promise<SyncReport>;
  /** The budget its re-reads draw on, when the upstream limits calls over a window. */
  readBudget?(): ReadBudget | undefined;
}

const DAY = 24 * 3600_000;

/** Sleeps `ms`; `hold` is given what ends the sleep early while it lasts, then undefined. */
function sleepUnless(ms: number, hold: (end: (() => void) | undefined) => void): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    hold(() => {
      clearTimeout(timer);
      resolve();
    });
  }).finally(() => hold(undefined));
}
const DEFAULT_BATCH = 5_000;

/**
 * Applies queued events in the background, in batches: one targeted sync (atomic, guarded,
 * recorded) per batch, for any corp Type. The HTTP answer to the upstream never waits for it. A batch that fails
 * stays queued and is retried with backoff; an event is marked applied only when a sync that
 * covers it committed: its own batch, or a full sync started after it was received.
 */
export class EventApplier {
  private stopped = false;
  private wakeUp?: () => void;
  private loop?: Promise<void>;
  private lastPrune = 0;
  private endPace?: () => void;
  /** Milliseconds batches waited for the read budget to refill (pace). */
  paced = 0;

  constructor(
    private readonly corp: EventApplierCorp,
    private readonly db: Knex,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly options: EventApplierOptions = {},
  ) {}

  start(): void {
    this.loop ??= this.run();
  }

  /** Called when an event was queued: apply now rather than at the next poll. */
  wake(): void {
    this.wakeUp?.();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.endPace?.();
    this.wake();
    await this.loop;
  }

  private sleep(ms: number): Promise<void> {
    return sleepUnless(ms, (end) => (this.wakeUp = end));
  }

  private async run(): Promise<void> {
    const corpId = await this.corp.corpId();
    while (!this.stopped) {
      await this.prune(corpId);
      const batch = await pendingEvents(this.db, corpId, this.options.batchSize ?? DEFAULT_BATCH, this.clock.now()).catch(
        (err: unknown) => {
          this.logger.error('could not read queued events', { error: err });
          return [];
        },
      );
      const pause = batch.length ? await this.apply(corpId, batch) : (this.options.pollMs ?? 1000);
      if (pause > 0 && !this.stopped) await this.sleep(pause);
    }
  }

  private async prune(corpId: number): Promise<void> {
    const now = this.clock.now();
    if (now - this.lastPrune < (this.options.pruneEveryMs ?? 3600_000)) return;
    this.lastPrune = now;
    try {
      const events = await pruneEvents(this.db, corpId, now - (this.options.retentionMs ?? 7 * DAY));
      await pruneOnce(this.db, now);
      await pruneSessions(this.db, now);
      if (events) this.logger.info('pruned applied events past their retention', { events });
    } catch (err) {
      this.logger.warn('pruning the event queue failed; trying again later', { error: err instanceof Error ? err.message : String(err) });
    }
  }

  /** Applies one batch; returns how long to wait before the next (0: go on). */
  private async apply(corpId: number, batch: QueuedEvent[]): Promise<number> {
    const keys = batch.map((e) => e.key);
    const startedAt = this.clock.now();
    try {
      const report = await this.corp.applyEvents(batch.map((e) => e.payload));
      await markApplied(this.db, corpId, keys, this.clock.now());
      this.options.onBatch?.({ events: batch, report, committedAt: this.clock.now() });
      await this.pace(report.upstreamCalls, this.clock.now() - startedAt);
      return 0;
    } catch (err) {
      const error = { code: isJitError(err) ? err.code : 'ERROR', message: err instanceof Error ? err.message : String(err) };
      if (isJitError(err, 'SYNC_BUSY')) return 500; // a full sync is running: these wait for it, untouched
      const now = this.clock.now();
      const oldest = Math.min(...batch.map((e) => e.receivedAt));
      if (now - oldest >= (this.options.escalateAfterMs ?? DAY)) return this.escalate(corpId, error);
      const tries = Math.max(...batch.map((e) => e.attempts)) + 1;
      const delay = Math.min(this.options.maxRetryDelayMs ?? 300_000, (this.options.retryDelayMs ?? 1000) * 2 ** Math.min(tries - 1, 20));
      const retryAt = now + Math.round(delay * (0.8 + Math.random() * 0.4));
      await markAttempt(this.db, corpId, keys, retryAt).catch((e: unknown) =>
        this.logger.error('could not record a failed try of callback events', { error: e instanceof Error ? e.message : String(e) }),
      );
      this.logger.warn('applying callback events failed; they stay queued and are retried', {
        events: keys.length,
        tries,
        retryInMs: retryAt - now,
        error: error.message,
      });
      this.options.onBatch?.({ events: batch, error, retryAt, committedAt: now });
      return 0;
    }
  }

  /**
   * Once less than half the read budget is left, batches spend it slower the less is left (at a
   * quarter left as fast as it refills, at a tenth a quarter as fast): the next batch waits until
   * this one's calls would have refilled at that rate (paceMsPerCall). A budget run dry holds
   * every read to the end of its window (a minute on WeCom); a paced stream never gets there, and
   * while it waits more events queue, so the next batch reads more of them per call. Arrivals do
   * not cut the wait short; stop does. With more than half left nothing waits: a pace there made
   * a 500-a-second stream, within WeCom's limit, wait 0.3-1 s a batch (p99 push->commit 2.7 s).
   * A pace that stopped growing (twice the refill's at none left) let such a stream spend the
   * first minute's budget dry in some runs, and one batch waited 3.4 s for the window.
   */
  private async pace(calls: number, tookMs: number): Promise<void> {
    const perCall = paceMsPerCall(this.corp.readBudget?.());
    if (perCall === 0) return;
    const ms = Math.min(MAX_PACE_MS, calls * perCall - tookMs);
    if (ms <= 0 || this.stopped) return;
    this.paced += ms;
    await sleepUnless(ms, (end) => (this.endPace = end));
  }

  /** Events failed for too long: a full sync brings the pool up to date and covers every event received before it. */
  private async escalate(corpId: number, cause: { code: string; message: string }): Promise<number> {
    const startedAt = this.clock.now();
    this.logger.error('callback events kept failing; running a full sync of the corp instead', { error: cause.message });
    try {
      const report = await this.corp.fullSync();
      const covered = await markCoveredBy(this.db, corpId, startedAt, this.clock.now());
      this.logger.info('full sync covered the failing events', { events: covered, runId: report.runId });
      this.options.onEscalation?.({ report });
      return 0;
    } catch (err) {
      const error = { code: isJitError(err) ? err.code : 'ERROR', message: err instanceof Error ? err.message : String(err) };
      this.logger.error('the full sync for failing events failed too; events stay queued', { error: error.message });
      this.options.onEscalation?.({ error });
      return this.options.maxRetryDelayMs ?? 300_000;
    }
  }
}
