import { dialectOf } from '@jitkit/core';
import type { Knex } from 'knex';
import { chunks, selectIn, updateIn } from '../store/bulk.js';
import { T } from '../store/tables.js';

export interface QueuedEvent {
  key: string;
  receivedAt: number;
  attempts: number;
  payload: Record<string, unknown>;
}

/** The queue's key for an event (the column holds 191 characters). */
export const eventKey = (key: string): string => key.slice(0, 191);

/**
 * Stores a callback event before the upstream gets its answer. A key still waiting is a
 * duplicate ('duplicate'); one already applied is queued again ('requeued'): applying is a
 * re-read, so a repeat costs a read and never loses a change made after the first was applied.
 */
export async function enqueueEvent(
  db: Knex,
  corpId: number,
  key: string,
  payload: object,
  now: number,
): Promise<'queued' | 'requeued' | 'duplicate'> {
  const [status] = await enqueueEvents(db, corpId, now, [{ key, payload }]);
  return status!;
}

/**
 * enqueueEvent for many events, in one or two statements per chunk: insert what is new, then
 * re-queue what was applied before (RETURNING says which; MySQL, which has none, reads first).
 * The status of each event in order (a key repeated in the list is a duplicate after its first time).
 */
export async function enqueueEvents(
  db: Knex,
  corpId: number,
  now: number,
  events: { key: string; payload: object }[],
): Promise<('queued' | 'requeued' | 'duplicate')[]> {
  const first = new Map<string, object>();
  for (const e of events) if (!first.has(eventKey(e.key))) first.set(eventKey(e.key), e.payload);
  const status = new Map<string, 'queued' | 'requeued' | 'duplicate'>();
  const row = (event_key: string, payload: object) => ({
    corp_id: corpId,
    event_key,
    received_at: now,
    payload: JSON.stringify(payload),
    applied_at: null,
    attempts: 0,
  });
  const requeue = (keys: string[]) =>
    db(T.events)
      .where({ corp_id: corpId })
      .whereIn('event_key', keys)
      .whereNotNull('applied_at')
      .update({ applied_at: null, received_at: now, attempts: 0, next_attempt_at: null });
  if (dialectOf(db).name === 'mysql') {
    const known = await selectIn([...first.keys()], (part) =>
      db(T.events).where({ corp_id: corpId }).whereIn('event_key', part).select('event_key', 'applied_at'),
    );
    for (const r of known) status.set(r.event_key, r.applied_at === null ? 'duplicate' : 'requeued');
    const fresh = [...first].filter(([k]) => !status.has(k));
    // A key queued meanwhile by another process is kept as it is (INSERT IGNORE): a duplicate.
    for (const part of chunks(fresh, 300))
      await db(T.events)
        .insert(part.map(([k, p]) => row(k, p)))
        .onConflict(['corp_id', 'event_key'])
        .ignore();
    for (const [k] of fresh) status.set(k, 'queued');
    for (const part of chunks([...status].filter(([, s]) => s === 'requeued').map(([k]) => k))) await requeue(part);
  } else {
    for (const part of chunks([...first], 300)) {
      const inserted: { event_key: string }[] = await db(T.events)
        .insert(part.map(([k, p]) => row(k, p)))
        .onConflict(['corp_id', 'event_key'])
        .ignore()
        .returning('event_key');
      for (const r of inserted) status.set(r.event_key, 'queued');
      const taken = part.map(([k]) => k).filter((k) => !status.has(k));
      if (taken.length === 0) continue;
      const again: { event_key: string }[] = await requeue(taken).returning('event_key');
      for (const r of again) status.set(r.event_key, 'requeued');
    }
  }
  const seen = new Set<string>();
  return events.map((e) => {
    const k = eventKey(e.key);
    if (seen.has(k)) return 'duplicate';
    seen.add(k);
    return status.get(k) ?? 'duplicate';
  });
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
