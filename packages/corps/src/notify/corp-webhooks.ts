import type { Knex } from 'knex';
import type { Clock, Logger } from '@jitkit/core';
import {
  listAttempts,
  listDeliveries,
  outboxSummary,
  writeOutbox,
  type AttemptRow,
  type DeliveryRow,
  type DeliveryState,
} from './outbox.js';
import { changeNotifications, runEndNotification } from './notifications.js';
import type { Change, SyncReport } from '../sync/model.js';
import type { WebhookTarget } from './webhook-config.js';
import { WebhookDispatcher, type DeliveryRound, type DeliverySettings } from './webhook-dispatcher.js';
import type { Dispatcher } from './webhook-send.js';

interface Owner {
  db: Knex;
  clock: Clock;
  logger: Logger;
  http: () => Dispatcher;
  corp: () => Promise<{ id: number; fullName: string }>;
}

/**
 * A corp's outbound webhooks (`corp.webhooks`): what a sync queues, who delivers it, and what
 * was delivered. Nothing here runs unless the corp config lists `webhooks`.
 */
export class CorpWebhooks {
  private dispatcher?: WebhookDispatcher;

  constructor(
    private readonly owner: Owner,
    readonly targets: readonly WebhookTarget[],
  ) {}

  get configured(): boolean {
    return this.targets.length > 0;
  }

  /** The receivers, without their secrets. */
  describe(): { url: string; events: string[]; timeoutMs: number }[] {
    return this.targets.map((t) => ({ url: t.url, events: t.events, timeoutMs: t.timeoutMs }));
  }

  /** For the engine: queues a run's change notifications inside its apply transaction. */
  outboxWriter(
    corpId: number,
    fullName: string,
  ): ((trx: Knex.Transaction, runId: string, changes: readonly Change[], now: number) => Promise<number>) | undefined {
    if (!this.configured) return undefined;
    return (trx, runId, changes, now) => writeOutbox(trx, corpId, this.targets, changeNotifications(runId, fullName, now, changes), now);
  }

  /** Queues `sync.failed` / `sync.guarded` for a run that wrote nothing (there is no transaction to join). */
  async queueRunEnd(corpId: number, report: SyncReport): Promise<void> {
    if (!this.configured || report.dryRun) return;
    await writeOutbox(this.owner.db, corpId, this.targets, [runEndNotification(report)], this.owner.clock.now());
    this.nudge();
  }

  /** Delivers what is due now until nothing is left (or `timeoutMs` passes). */
  async deliver(options: { timeoutMs?: number; settings?: Partial<DeliverySettings> } = {}): Promise<DeliveryRound> {
    const d = await this.dispatcherOf(options.settings);
    return d.deliverDue(options.timeoutMs === undefined ? Infinity : this.owner.clock.now() + options.timeoutMs);
  }

  /** Delivers in the background (jitkit serve) until stop(). */
  async start(settings?: Partial<DeliverySettings>): Promise<void> {
    if (!this.configured) return;
    (await this.dispatcherOf(settings)).start();
  }

  nudge(): void {
    this.dispatcher?.nudge();
  }

  async stop(): Promise<void> {
    await this.dispatcher?.stop();
  }

  async list(filter: { status?: DeliveryState; runId?: string; eventId?: string; limit?: number } = {}): Promise<DeliveryRow[]> {
    return listDeliveries(this.owner.db, (await this.owner.corp()).id, filter);
  }

  async attempts(deliveryId: number): Promise<AttemptRow[]> {
    return listAttempts(this.owner.db, deliveryId);
  }

  async summary(): Promise<{ url: string; status: DeliveryState; count: number; oldest: number }[]> {
    return outboxSummary(this.owner.db, (await this.owner.corp()).id);
  }

  private async dispatcherOf(settings?: Partial<DeliverySettings>): Promise<WebhookDispatcher> {
    if (this.dispatcher && !settings) return this.dispatcher;
    await this.dispatcher?.stop();
    const corp = await this.owner.corp();
    this.dispatcher = new WebhookDispatcher(
      this.owner.db,
      corp,
      this.targets,
      this.owner.http(),
      this.owner.clock,
      this.owner.logger,
      settings,
    );
    return this.dispatcher;
  }
}
