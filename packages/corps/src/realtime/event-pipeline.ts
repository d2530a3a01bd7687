import type { Clock, Logger } from '@jitkit/core';
import type { Knex } from 'knex';
import type { SyncReport } from '../sync/model.js';
import type { SyncScope } from '../sync/upstream.js';
import { queueDeliveries, type Delivery, type DeliveryStatus } from './delivery.js';
import { GroupCommit } from './group-commit.js';
import { EventApplier, type EventApplierOptions, type ReadBudget } from './event-applier.js';
import { markApplied, pendingEvents } from './event-queue.js';

/** What a batch of events asks to re-read: the Type's reading of its own event payloads. */
export interface EventScope {
  scope: Exclude<SyncScope, 'all'>;
  /** Upstream ids an event says changed (old -> new): the member keeps its memberId. */
  renames?: Map<string, string>;
}

export interface EventPipelineCorp {
  corpId(): Promise<number>;
  /** The targeted sync of one batch (atomic, guarded, recorded). */
  syncScope(events: EventScope): Promise<SyncReport>;
  /** What covers events that cannot be applied one by one. */
  fullSync(): Promise<SyncReport>;
  /** Which ids a batch of queued payloads touches. */
  scopeOfEvents(payloads: Record<string, unknown>[]): EventScope;
  /** The budget its re-reads draw on, if the upstream limits calls over a window (batches are paced to it). */
  readBudget?(): ReadBudget | undefined;
}

/**
 * A corp's realtime path, the same for every Type: a verified delivery goes to the durable queue
 * (the upstream's answer waits for that only); batches are applied as targeted re-reads in the
 * background, with retries and a full sync as the last resort.
 */
export class EventPipeline {
  private applier?: EventApplier;
  private wakeElsewhere?: () => void;
  /** Deliveries arriving together share one durable write. */
  readonly intake: GroupCommit;

  constructor(
    private readonly corp: EventPipelineCorp,
    private readonly db: Knex,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {
    this.intake = new GroupCommit(async (group) => queueDeliveries(this.db, await this.corp.corpId(), this.clock.now(), group));
  }

  /** Resolves once the delivery is durably queued (with others that arrived with it, in one commit). */
  async receive(delivery: Delivery): Promise<DeliveryStatus> {
    const status = await this.intake.submit(delivery);
    if (status === 'queued' || status === 'requeued') {
      if (this.wakeElsewhere) this.wakeElsewhere();
      else this.applier?.wake();
    }
    return status;
  }

  async apply(payloads: Record<string, unknown>[]): Promise<SyncReport> {
    return this.corp.syncScope(this.corp.scopeOfEvents(payloads));
  }

  /** Applies every queued event now, in one run (for apps that run no background applier). */
  async applyPending(): Promise<SyncReport | undefined> {
    const corpId = await this.corp.corpId();
    const pending = await pendingEvents(this.db, corpId, 100_000);
    if (pending.length === 0) return undefined;
    const report = await this.apply(pending.map((e) => e.payload));
    await markApplied(
      this.db,
      corpId,
      pending.map((e) => e.key),
      this.clock.now(),
    );
    return report;
  }

  /** Starts the background applier; undefined when `options.appliedElsewhere` says another thread or process runs it. */
  start(options: EventApplierOptions = {}): EventApplier | undefined {
    const elsewhere = options.appliedElsewhere;
    if (elsewhere) {
      this.wakeElsewhere = () => elsewhere.wake();
      return undefined;
    }
    this.applier ??= new EventApplier(
      {
        corpId: () => this.corp.corpId(),
        applyEvents: (p) => this.apply(p),
        fullSync: () => this.corp.fullSync(),
        readBudget: () => this.corp.readBudget?.(),
      },
      this.db,
      this.clock,
      this.logger,
      options,
    );
    this.applier.start();
    return this.applier;
  }

  async stop(): Promise<void> {
    await this.applier?.stop();
    this.applier = undefined;
    this.wakeElsewhere = undefined;
  }
}
