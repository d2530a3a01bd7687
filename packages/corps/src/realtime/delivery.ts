import type { Knex } from 'knex';
import { claimMany } from '../store/once.js';
import { enqueueEvents } from './event-queue.js';

/**
 * One verified delivery from the upstream (a callback POST, a stream message), as a Type hands
 * it to the engine after checking its signature and parsing it.
 */
export interface Delivery {
  /** Identifies this very delivery (e.g. its signature): the same one again is a replay and costs nothing. */
  id: string;
  /** Until when the same delivery could still be accepted (epoch ms): the claim on its id is kept that long. */
  expiresAt: number;
  /** The change events it carries: a de-duplication key each, and what the queue keeps (ids to re-read, no personal data). */
  events: { key: string; payload: Record<string, unknown> }[];
}

/**
 * queued: new; requeued: seen and applied before, applied again; duplicate: still waiting;
 * replay: this very delivery was accepted before; ignored: it carried no change event.
 */
export type DeliveryStatus = 'queued' | 'requeued' | 'duplicate' | 'replay' | 'ignored';

const rank: Record<DeliveryStatus, number> = { queued: 4, requeued: 3, duplicate: 2, replay: 1, ignored: 0 };

/**
 * Stores a delivery's events in the durable queue before the upstream gets its answer: the
 * delivery id is claimed once (the same delivery again is a replay) and its events are queued,
 * in one transaction, so a failure keeps neither and the upstream's retry is accepted.
 */
export async function queueDelivery(db: Knex, corpId: number, now: number, delivery: Delivery): Promise<DeliveryStatus> {
  const [status] = await queueDeliveries(db, corpId, now, [delivery]);
  return status!;
}

/**
 * Several deliveries in one transaction (group-commit.ts), written as sets whatever the group's
 * size: one statement claims their ids, one inserts their new events and one re-queues those
 * applied before (event-queue.ts). Nothing of it is kept if it fails.
 */
export async function queueDeliveries(db: Knex, corpId: number, now: number, deliveries: Delivery[]): Promise<DeliveryStatus[]> {
  const out: DeliveryStatus[] = deliveries.map((d) => (d.events.length ? 'replay' : 'ignored'));
  const withEvents = deliveries.filter((d) => d.events.length);
  if (withEvents.length === 0) return out;
  await db.transaction(async (trx) => {
    // The claim is the first statement: on SQLite it takes the write lock before anything is read.
    const claimed = await claimMany(
      trx,
      `callback:${corpId}`,
      withEvents.map((d) => ({ key: d.id, expiresAt: d.expiresAt })),
    );
    const fresh = new Set<Delivery>();
    for (const d of withEvents) if (claimed.delete(d.id.slice(0, 191))) fresh.add(d); // a delivery twice in one group: a replay
    const statuses = await enqueueEvents(
      trx,
      corpId,
      now,
      [...fresh].flatMap((d) => d.events),
    );
    let next = 0;
    deliveries.forEach((d, i) => {
      if (!fresh.has(d)) return;
      const own = statuses.slice(next, (next += d.events.length));
      out[i] = own.reduce<DeliveryStatus>((a, b) => (rank[b] > rank[a] ? b : a), 'duplicate');
    });
  });
  return out;
}
