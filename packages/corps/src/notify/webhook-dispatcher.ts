import type { Knex } from 'knex';
import { backoffCeiling, JitError, Semaphore, type Clock, type Logger } from '@jitkit/core';
import { chunks, writeRows } from '../store/bulk.js';
import { LeaseLock, newHolderId } from '../store/lease-lock.js';
import { T } from '../store/tables.js';
import type { WebhookTarget } from './webhook-config.js';
import { postNotification, type Dispatcher, type SendResult } from './webhook-send.js';

export interface DeliverySettings {
  /** First retry after this; each further one waits twice as long (10 s). */
  baseDelayMs: number;
  /** Longest wait between two attempts (1 h). */
  maxDelayMs: number;
  /** A notification not delivered this long after it was queued is given up (24 h). */
  giveUpAfterMs: number;
  /** POSTs in flight at once, over all receivers (32). */
  concurrency: number;
  /** Deliveries read per round (500). */
  batch: number;
  /** How often the background loop looks for due deliveries (1 s). */
  pollMs: number;
  /** The delivery lease: a process that died holding it loses it after this (30 s). */
  leaseMs: number;
}

export const DEFAULT_DELIVERY: DeliverySettings = {
  baseDelayMs: 10_000,
  maxDelayMs: 3_600_000,
  giveUpAfterMs: 24 * 3_600_000,
  concurrency: 32,
  batch: 500,
  pollMs: 1_000,
  leaseMs: 30_000,
};

export interface DeliveryRound {
  delivered: number;
  failed: number;
  gaveUp: number;
  dropped: number;
  /** False when another process holds this corp's delivery lease (it delivers instead). */
  ran: boolean;
}

interface Loop {
  timer?: NodeJS.Timeout;
  running?: Promise<unknown>;
  stopped: boolean;
}

interface Due {
  id: number;
  hook: string;
  event_id: string;
  event: string;
  body: string;
  attempts: number;
  created_at: number;
}

/**
 * Delivers a corp's queued notifications: at least once, each receiver on its own (one that
 * keeps failing is paused with backoff and never holds up the others, nor any sync). One
 * process at a time delivers for a corp (a lease in the database), so two `serve`s don't
 * double-send.
 */
export class WebhookDispatcher {
  private readonly settings: DeliverySettings;
  /** Receivers that just failed: no POST to them until then (epoch ms). */
  private readonly paused = new Map<string, { until: number; failures: number }>();
  /** Receivers whose last attempt succeeded: sent to at full concurrency. */
  private readonly healthy = new Set<string>();
  private loop?: Loop;
  private readonly holder = newHolderId();

  constructor(
    private readonly db: Knex,
    private readonly corp: { id: number; fullName: string },
    private readonly targets: readonly WebhookTarget[],
    private readonly http: Dispatcher,
    private readonly clock: Clock,
    private readonly logger: Logger,
    settings: Partial<DeliverySettings> = {},
  ) {
    this.settings = { ...DEFAULT_DELIVERY, ...settings };
  }

  /** Delivers everything due now, round after round, until nothing due is left (or `untilMs` passes). */
  async deliverDue(untilMs = Infinity): Promise<DeliveryRound> {
    const total: DeliveryRound = { delivered: 0, failed: 0, gaveUp: 0, dropped: 0, ran: false };
    const lock = new LeaseLock(this.db, `webhooks:${this.corp.fullName}`, this.holder, this.clock, {
      leaseMs: this.settings.leaseMs,
      wait: false,
      waitTimeoutMs: 0,
    });
    try {
      await lock.acquire();
    } catch (err) {
      if (err instanceof JitError && err.code === 'SYNC_BUSY') return total;
      throw err;
    }
    total.ran = true;
    try {
      while (this.clock.now() < untilMs) {
        const round = await this.round();
        if (!round) break;
        total.delivered += round.delivered;
        total.failed += round.failed;
        total.gaveUp += round.gaveUp;
        total.dropped += round.dropped;
        await lock.renew();
      }
    } finally {
      await lock.release().catch((e: unknown) => this.logger.warn('could not release the webhook lease', { error: String(e) }));
    }
    return total;
  }

  /** Polls for due deliveries in the background until stop(); `nudge()` after a sync skips the wait. */
  start(): void {
    if (this.loop) return;
    const loop: Loop = { stopped: false };
    this.loop = loop;
    loop.timer = setTimeout(() => this.tick(loop), 0);
  }

  /** Something was queued: deliver now rather than at the next poll. */
  nudge(): void {
    const loop = this.loop;
    if (!loop || loop.stopped || !loop.timer) return;
    clearTimeout(loop.timer);
    loop.timer = setTimeout(() => this.tick(loop), 0);
  }

  private tick(loop: Loop): void {
    loop.timer = undefined;
    if (loop.stopped) return;
    loop.running = this.deliverDue()
      .catch((err: unknown) => this.logger.error('webhook delivery failed', { error: err instanceof Error ? err.message : String(err) }))
      .finally(() => {
        loop.running = undefined;
        if (!loop.stopped) loop.timer = setTimeout(() => this.tick(loop), this.settings.pollMs);
      });
  }

  async stop(): Promise<void> {
    const loop = this.loop;
    if (!loop) return;
    loop.stopped = true;
    clearTimeout(loop.timer);
    await loop.running;
    this.loop = undefined;
  }

  /** One batch of due deliveries; undefined when nothing (deliverable) is due. */
  private async round(): Promise<Omit<DeliveryRound, 'ran'> | undefined> {
    const now = this.clock.now();
    const pausedHooks = [...this.paused].filter(([, p]) => p.until > now).map(([hook]) => hook);
    const due = (await this.db(T.webhookDeliveries)
      .where({ corp_id: this.corp.id, status: 'pending' })
      .andWhere('next_at', '<=', now)
      .modify((q) => {
        if (pausedHooks.length) q.whereNotIn('hook', pausedHooks);
      })
      .orderBy('id')
      .limit(this.settings.batch)
      .select('id', 'hook', 'event_id', 'event', 'body', 'attempts', 'created_at')) as Due[];
    if (due.length === 0) return undefined;
    const byKey = new Map(this.targets.map((t) => [t.key, t]));
    const result = { delivered: 0, failed: 0, gaveUp: 0, dropped: 0 };
    const delivered: { id: number; status: number }[] = [];
    const attempts: { delivery_id: number; at: number; status: number | null; error: string | null; ms: number }[] = [];
    const dropped: number[] = [];
    const gate = new Semaphore(this.settings.concurrency);
    // A receiver not known to be up gets one probe; the rest of its batch waits for the answer,
    // so a dead receiver costs one attempt per backoff period, not one per queued notification.
    const probes = new Map<string, Promise<void>>();
    const send = async (row: Due, target: WebhookTarget) => {
      const release = await gate.acquire();
      try {
        const sent = await postNotification(this.http, target, { eventId: row.event_id, event: row.event, body: row.body }, () =>
          this.clock.now(),
        );
        attempts.push({ delivery_id: row.id, at: this.clock.now(), status: sent.status, error: sent.error, ms: sent.ms });
        if (sent.ok) {
          delivered.push({ id: row.id, status: sent.status! });
          this.paused.delete(row.hook);
          this.healthy.add(row.hook);
        } else {
          this.healthy.delete(row.hook);
          if (await this.failed(row, sent)) result.gaveUp++;
          else result.failed++;
        }
      } finally {
        release();
      }
    };
    await Promise.all(
      due.map(async (row) => {
        const target = byKey.get(row.hook);
        if (!target) {
          dropped.push(row.id);
          return;
        }
        if (!this.healthy.has(row.hook)) {
          const probe = probes.get(row.hook);
          if (!probe) {
            const sending = send(row, target);
            probes.set(row.hook, sending);
            return sending;
          }
          await probe;
        }
        // A receiver that failed earlier in this batch is not tried again until its pause ends.
        if ((this.paused.get(row.hook)?.until ?? 0) > this.clock.now()) return;
        return send(row, target);
      }),
    );
    const at = this.clock.now();
    for (const status of new Set(delivered.map((d) => d.status)))
      for (const part of chunks(delivered.filter((d) => d.status === status).map((d) => d.id)))
        await this.db(T.webhookDeliveries)
          .whereIn('id', part)
          .update({ status: 'delivered', delivered_at: at, last_status: status, last_error: null, attempts: this.db.raw('attempts + 1') });
    for (const part of chunks(dropped))
      await this.db(T.webhookDeliveries)
        .whereIn('id', part)
        .update({ status: 'dropped', last_error: 'this webhook is no longer configured' });
    await writeRows(this.db, T.webhookAttempts, attempts);
    result.delivered = delivered.length;
    result.dropped = dropped.length;
    return result;
  }

  /** Schedules the next attempt with exponential backoff, or gives up after giveUpAfterMs. Returns true when given up. */
  private async failed(row: Due, sent: SendResult): Promise<boolean> {
    const now = this.clock.now();
    const attempts = row.attempts + 1;
    const pause = this.paused.get(row.hook);
    const failures = (pause?.failures ?? 0) + 1;
    const delay = backoffCeiling(this.settings, attempts);
    this.paused.set(row.hook, { until: now + backoffCeiling(this.settings, failures), failures });
    const gaveUp = now - Number(row.created_at) >= this.settings.giveUpAfterMs;
    await this.db(T.webhookDeliveries)
      .where({ id: row.id })
      .update({
        attempts,
        status: gaveUp ? 'failed' : 'pending',
        // Spread retries of one outage over a little time, so they don't all land at once.
        next_at: now + Math.round(delay * (0.8 + 0.4 * Math.random())),
        last_status: sent.status,
        last_error: sent.error,
      });
    if (gaveUp) this.logger.warn('gave up a webhook delivery after 24 h of failures', { eventId: row.event_id, attempts });
    return gaveUp;
  }
}
