import type { Knex } from 'knex';
import { chunks, updateIn } from '../store/bulk.js';
import { T } from '../store/tables.js';
import { insertUnlessTaken } from '../store/unique-violation.js';

export interface QueuedEvent {
  key: string;
  receivedAt: number;
  attempts: number;
  payload: Record<string, unknown>;
}

/**
 * Stores a callback event before WeCom gets its answer. A delivery whose key is still waiting
 * is a duplicate ('duplicate'); one whose key was already applied is queued again ('requeued'):
 * applying is a re-read, so a repeat costs a read and never loses a change that happened
 * after the first was applied.
 */
export async function enqueueEvent(
  db: Knex,
  corpId: number,
  key: string,
  payload: object,
  now: number,
): Promise<'queued' | 'requeued' | 'duplicate'> {
  const inserted = await insertUnlessTaken(db, T.events, {
    corp_id: corpId,
    event_key: key,
    received_at: now,
    payload: JSON.stringify(payload),
    applied_at: null,
    attempts: 0,
  });
  if (inserted) return 'queued';
  const n = await db(T.events)
    .where({ corp_id: corpId, event_key: key })
    .whereNotNull('applied_at')
    .update({ applied_at: null, received_at: now, attempts: 0, next_attempt_at: null });
  return n === 1 ? 'requeued' : 'duplicate';
}

/**
 * Events not applied yet, oldest first (they survive a restart). With `now`, only those due:
 * a failed event waits for its next try, and newer events go ahead of it (events are re-reads,
 * so their order does not matter).
 */
export async function pendingEvents(db: Knex, corpId: number, limit = 500, now?: number): Promise<QueuedEvent[]> {
  const q = db(T.events).where({ corp_id: corpId }).whereNull('applied_at');
  if (now !== undefined) q.andWhere((w) => w.whereNull('next_attempt_at').orWhere('next_attempt_at', '<=', now));
  const rows = await q.orderBy('received_at').limit(limit).select('event_key', 'received_at', 'attempts', 'payload');
  return rows.map((r) => ({
    key: r.event_key,
    receivedAt: Number(r.received_at),
    attempts: Number(r.attempts),
    payload: JSON.parse(r.payload),
  }));
}

export async function countPending(db: Knex, corpId: number): Promise<number> {
  return Number((await db(T.events).where({ corp_id: corpId }).whereNull('applied_at').count<{ n: number }[]>({ n: '*' }))[0]!.n);
}

export async function markApplied(db: Knex, corpId: number, keys: string[], now: number): Promise<void> {
  await updateIn(db, T.events, { corp_id: corpId }, 'event_key', keys, { applied_at: now });
}

/** Records a failed try: the events stay pending and are due again at `nextAttemptAt`. */
export async function markAttempt(db: Knex, corpId: number, keys: string[], nextAttemptAt?: number): Promise<void> {
  for (const part of chunks(keys)) {
    await db(T.events)
      .where({ corp_id: corpId })
      .whereIn('event_key', part)
      .update({ attempts: db.raw('attempts + 1'), next_attempt_at: nextAttemptAt ?? null });
  }
}

/** Marks every pending event received before `before` applied: a full sync that started later covered them. */
export async function markCoveredBy(db: Knex, corpId: number, before: number, now: number): Promise<number> {
  return db(T.events).where({ corp_id: corpId }).whereNull('applied_at').andWhere('received_at', '<', before).update({ applied_at: now });
}

/** Applied events older than `before` are only needed for de-duplication, which they no longer serve. */
export async function pruneEvents(db: Knex, corpId: number, before: number): Promise<number> {
  return db(T.events).where({ corp_id: corpId }).whereNotNull('applied_at').andWhere('applied_at', '<', before).delete();
}

/** The oldest pending event's receipt time, or undefined when the queue is empty. */
export async function oldestPending(db: Knex, corpId: number): Promise<number | undefined> {
  const r = await db(T.events).where({ corp_id: corpId }).whereNull('applied_at').min<{ t: number | null }[]>({ t: 'received_at' });
  return r[0]?.t === null || r[0]?.t === undefined ? undefined : Number(r[0].t);
}
