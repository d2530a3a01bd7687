import type { Knex } from 'knex';
import { claimOnce, releaseOnce } from '../store/once.js';
import { enqueueEvent } from './event-queue.js';

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
 * Stores a delivery's events in the durable queue before the upstream gets its answer. The
 * delivery id is claimed once; if storing fails the claim is released, so the upstream's retry
 * is accepted.
 */
export async function queueDelivery(db: Knex, corpId: number, now: number, delivery: Delivery): Promise<DeliveryStatus> {
  if (delivery.events.length === 0) return 'ignored';
  const scope = `callback:${corpId}`;
  if (!(await claimOnce(db, scope, delivery.id, delivery.expiresAt))) return 'replay';
  try {
    let status: DeliveryStatus = 'duplicate';
    for (const e of delivery.events) {
      const s = await enqueueEvent(db, corpId, e.key.slice(0, 191), e.payload, now);
      if (rank[s] > rank[status]) status = s;
    }
    return status;
  } catch (err) {
    await releaseOnce(db, scope, delivery.id).catch(() => undefined);
    throw err;
  }
}

/**
 * Several deliveries in one transaction (group-commit.ts): each in its own savepoint, so one that
 * fails (its error in its place in the result) leaves the others to commit.
 */
export async function queueDeliveries(db: Knex, corpId: number, now: number, deliveries: Delivery[]): Promise<(DeliveryStatus | Error)[]> {
  if (deliveries.length === 1) return [await queueDelivery(db, corpId, now, deliveries[0]!).catch((err: unknown) => toError(err))];
  return db.transaction(async (trx) => {
    const out: (DeliveryStatus | Error)[] = [];
    for (const d of deliveries)
      out.push(await trx.transaction((sp) => queueDelivery(sp, corpId, now, d)).catch((err: unknown) => toError(err)));
    return out;
  });
}

const toError = (err: unknown) => (err instanceof Error ? err : new Error(String(err)));
