import type { Knex } from 'knex';
import { writeRows } from '../store/bulk.js';
import { T } from '../store/tables.js';
import type { SyncNotification } from './notifications.js';
import { wants, type WebhookTarget } from './webhook-config.js';

export type DeliveryState = 'pending' | 'delivered' | 'failed' | 'dropped';

/**
 * Queues a run's notifications for every webhook that wants them. Called inside the sync's own
 * transaction: a rolled-back run leaves no notification, a committed one loses none.
 */
export async function writeOutbox(
  db: Knex | Knex.Transaction,
  corpId: number,
  targets: readonly WebhookTarget[],
  notifications: readonly SyncNotification[],
  now: number,
): Promise<number> {
  const rows = [];
  for (const t of targets)
    for (const n of notifications) {
      if (!wants(t, n.event)) continue;
      rows.push({
        corp_id: corpId,
        hook: t.key,
        url: t.url,
        event_id: n.id,
        event: n.event,
        run_id: n.runId,
        body: JSON.stringify(n),
        status: 'pending',
        attempts: 0,
        next_at: now,
        created_at: now,
      });
    }
  return writeRows(db, T.webhookDeliveries, rows);
}

export interface DeliveryRow {
  id: number;
  url: string;
  eventId: string;
  event: string;
  runId: string;
  status: DeliveryState;
  attempts: number;
  nextAt: number;
  createdAt: number;
  deliveredAt: number | null;
  lastStatus: number | null;
  lastError: string | null;
}

export interface AttemptRow {
  at: number;
  status: number | null;
  error: string | null;
  ms: number;
}

function deliveryOf(r: Record<string, unknown>): DeliveryRow {
  return {
    id: Number(r.id),
    url: r.url as string,
    eventId: r.event_id as string,
    event: r.event as string,
    runId: r.run_id as string,
    status: r.status as DeliveryState,
    attempts: Number(r.attempts),
    nextAt: Number(r.next_at),
    createdAt: Number(r.created_at),
    deliveredAt: r.delivered_at === null ? null : Number(r.delivered_at),
    lastStatus: r.last_status === null ? null : Number(r.last_status),
    lastError: (r.last_error as string | null) ?? null,
  };
}

/** The newest deliveries first, optionally of one state, run or event. */
export async function listDeliveries(
  db: Knex,
  corpId: number,
  filter: { status?: DeliveryState; runId?: string; eventId?: string; limit?: number } = {},
): Promise<DeliveryRow[]> {
  const q = db(T.webhookDeliveries).where({ corp_id: corpId });
  if (filter.status) q.andWhere({ status: filter.status });
  if (filter.runId) q.andWhere({ run_id: filter.runId });
  if (filter.eventId) q.andWhere({ event_id: filter.eventId });
  const rows = await q
    .orderBy('id', 'desc')
    .limit(filter.limit ?? 50)
    .select();
  return rows.map(deliveryOf);
}

export async function listAttempts(db: Knex, deliveryId: number): Promise<AttemptRow[]> {
  const rows = await db(T.webhookAttempts).where({ delivery_id: deliveryId }).orderBy('at').select('at', 'status', 'error', 'ms');
  return rows.map((r) => ({
    at: Number(r.at),
    status: r.status === null ? null : Number(r.status),
    error: r.error ?? null,
    ms: Number(r.ms),
  }));
}

/** Deliveries by receiver and state: `{ url, status, count, oldest }`. */
export async function outboxSummary(
  db: Knex,
  corpId: number,
): Promise<{ url: string; status: DeliveryState; count: number; oldest: number }[]> {
  const rows = await db(T.webhookDeliveries)
    .where({ corp_id: corpId })
    .groupBy('url', 'status')
    .orderBy(['url', 'status'])
    .select('url', 'status')
    .count({ count: '*' })
    .min({ oldest: 'created_at' });
  return (rows as Record<string, unknown>[]).map((r) => ({
    url: r.url as string,
    status: r.status as DeliveryState,
    count: Number(r.count),
    oldest: Number(r.oldest),
  }));
}
