import type { Knex } from 'knex';
import { chunks, updateIn } from '../store/bulk.js';
import { T } from '../store/tables.js';

export interface QueuedEvent {
  key: string;
  receivedAt: number;
  attempts: number;
  payload: Record<string, unknown>;
}

/** A duplicate key: SQLite, PostgreSQL and MySQL each say it their own way. */
function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; errno?: number };
  return e.code === '23505' || e.code === 'ER_DUP_ENTRY' || e.errno === 1062 || (typeof e.code === 'string' && e.code.startsWith('SQLITE_CONSTRAINT'));
}

/**
 * Stores a callback event before WeCom gets its answer. A delivery whose key is still waiting
 * is a duplicate ('duplicate'); one whose key was already applied is queued again ('requeued'):
 * applying is a re-read, so a repeat costs a read and never loses a change that happened
 * after the first was applied.
 */
export async function enqueueEvent(db: Knex, corpId: number, key: string, payload: object, now: number): Promise<'queued' | 'requeued' | 'duplicate'> {
  try {
    await db(T.events).insert({ corp_id: corpId, event_key: key, received_at: now, payload: JSON.stringify(payload), applied_at: null, attempts: 0 });
    return 'queued';
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
  }
  const n = await db(T.events).where({ corp_id: corpId, event_key: key }).whereNotNull('applied_at').update({ applied_at: null, received_at: now, attempts: 0 });
  return n === 1 ? 'requeued' : 'duplicate';
}

/** Events not applied yet, oldest first (they survive a restart). */
export async function pendingEvents(db: Knex, corpId: number, limit = 500): Promise<QueuedEvent[]> {
  const rows = await db(T.events).where({ corp_id: corpId }).whereNull('applied_at').orderBy('received_at').limit(limit).select('event_key', 'received_at', 'attempts', 'payload');
  return rows.map((r) => ({ key: r.event_key, receivedAt: Number(r.received_at), attempts: Number(r.attempts), payload: JSON.parse(r.payload) }));
}

export async function countPending(db: Knex, corpId: number): Promise<number> {
  return Number((await db(T.events).where({ corp_id: corpId }).whereNull('applied_at').count<{ n: number }[]>({ n: '*' }))[0]!.n);
}

export async function markApplied(db: Knex, corpId: number, keys: string[], now: number): Promise<void> {
  await updateIn(db, T.events, { corp_id: corpId }, 'event_key', keys, { applied_at: now });
}

export async function markAttempt(db: Knex, corpId: number, keys: string[]): Promise<void> {
  for (const part of chunks(keys)) await db(T.events).where({ corp_id: corpId }).whereIn('event_key', part).increment('attempts', 1);
}

/** Applied events older than `before` are only needed for de-duplication, which they no longer serve. */
export async function pruneEvents(db: Knex, corpId: number, before: number): Promise<number> {
  return db(T.events).where({ corp_id: corpId }).whereNotNull('applied_at').andWhere('received_at', '<', before).delete();
}
