import { isJitError, type Clock, type Logger } from '@jitkit/core';
import { markApplied, markAttempt, pendingEvents, type QueuedEvent, type SyncReport } from '@jitkit/corps';
import type { Knex } from 'knex';
import type { ContactEvent } from '@jitkit/wecom';

export interface AppliedBatch {
  events: QueuedEvent[];
  report?: SyncReport;
  error?: { code: string; message: string };
  committedAt: number;
}

export interface EventApplierOptions {
  /** How often to look for events when nothing wakes it (events left from before a restart). */
  pollMs?: number;
  /** Tries per batch before its events are left to the next full sync. */
  maxAttempts?: number;
  /** Most events applied in one sync run. */
  batchSize?: number;
  onBatch?: (batch: AppliedBatch) => void;
}

/**
 * Applies queued callback events in the background, in batches: one targeted sync (atomic,
 * guarded, recorded) per batch. The HTTP answer to WeCom never waits for it.
 */
export class EventApplier {
  private stopped = false;
  private wakeUp?: () => void;
  private loop?: Promise<void>;

  constructor(
    private readonly corp: { corpId(): Promise<number>; applyEvents(events: ContactEvent[]): Promise<SyncReport> },
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
    this.wake();
    await this.loop;
  }

  private async run(): Promise<void> {
    const corpId = await this.corp.corpId();
    let backoff = 0;
    while (!this.stopped) {
      const batch = await pendingEvents(this.db, corpId, this.options.batchSize ?? 500).catch((err: unknown) => {
        this.logger.error('could not read queued events', { error: err });
        return [];
      });
      if (batch.length === 0 || backoff > 0) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, backoff || (this.options.pollMs ?? 1000));
          this.wakeUp = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wakeUp = undefined;
        backoff = 0;
        if (batch.length === 0) continue;
      }
      backoff = await this.apply(corpId, batch);
    }
  }

  /** Applies one batch; returns how long to wait before the next try (0: go on). */
  private async apply(corpId: number, batch: QueuedEvent[]): Promise<number> {
    const keys = batch.map((e) => e.key);
    try {
      const report = await this.corp.applyEvents(batch.map((e) => e.payload as unknown as ContactEvent));
      await markApplied(this.db, corpId, keys, this.clock.now());
      this.options.onBatch?.({ events: batch, report, committedAt: this.clock.now() });
      return 0;
    } catch (err) {
      const error = { code: isJitError(err) ? err.code : 'ERROR', message: err instanceof Error ? err.message : String(err) };
      if (isJitError(err, 'SYNC_BUSY')) return 500; // a full sync is running: it will see these changes too
      const maxAttempts = this.options.maxAttempts ?? 5;
      const giveUp = isJitError(err, 'SYNC_GUARD') || batch.every((e) => e.attempts + 1 >= maxAttempts);
      if (giveUp) {
        await markApplied(this.db, corpId, keys, this.clock.now());
        this.logger.error('callback events not applied; the next full sync will bring the pool up to date', { events: keys.length, error: error.message });
        this.options.onBatch?.({ events: batch, error, committedAt: this.clock.now() });
        return 0;
      }
      await markAttempt(this.db, corpId, keys);
      this.logger.warn('applying callback events failed; retrying', { events: keys.length, error: error.message });
      return Math.min(30_000, 500 * 2 ** Math.min(6, Math.max(...batch.map((e) => e.attempts))));
    }
  }
}
