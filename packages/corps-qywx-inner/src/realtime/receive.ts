import { createHash } from 'node:crypto';
import { type Clock } from '@jitkit/core';
import { claimOnce, enqueueEvent, releaseOnce } from '@jitkit/corps';
import {
  callbackError,
  eventKey,
  parseCallbackEvent,
  type CallbackCrypto,
  type CallbackEvent,
  type ContactEvent,
  type SignedQuery,
} from '@jitkit/wecom';
import type { Knex } from 'knex';

export interface ReceiveOptions {
  /** Largest difference between the callback's timestamp and now (replay window), seconds. */
  maxSkewSeconds?: number;
}

export interface Received {
  /**
   * queued: new; requeued: seen and applied before, applied again; duplicate: still waiting;
   * replay: this very delivery (signature) was accepted before; ignored: not a contact change.
   */
  status: 'queued' | 'requeued' | 'duplicate' | 'replay' | 'ignored';
  event: CallbackEvent;
}

export const DEFAULT_REPLAY_WINDOW_SECONDS = 300;

/** Refuses a callback (POST or URL check) whose timestamp is outside the replay window. */
export function checkFreshness(clock: Clock, timestamp: string, skewSeconds = DEFAULT_REPLAY_WINDOW_SECONDS): number {
  const ts = /^\d{1,12}$/.test(timestamp) ? Number(timestamp) : NaN;
  if (!Number.isFinite(ts) || Math.abs(clock.now() / 1000 - ts) > skewSeconds)
    throw callbackError('stale', `timestamp is outside the ${skewSeconds} s replay window`);
  return ts;
}

/** What the queue keeps of an event: only the ids its re-read needs (no names, mobiles or emails). */
export function reReadPayload(event: ContactEvent): Record<string, unknown> {
  const base = { type: event.type, changeType: event.changeType, createTime: event.createTime };
  switch (event.changeType) {
    case 'create_user':
    case 'update_user':
      return { ...base, userId: event.userId, ...(event.newUserId ? { newUserId: event.newUserId } : {}) };
    case 'delete_user':
      return { ...base, userId: event.userId };
    case 'create_party':
    case 'update_party':
    case 'delete_party':
      return { ...base, id: event.id };
    case 'update_tag':
      return {
        ...base,
        tagId: event.tagId,
        addUserItems: event.addUserItems,
        delUserItems: event.delUserItems,
        addPartyItems: event.addPartyItems,
        delPartyItems: event.delPartyItems,
      };
  }
}

/**
 * Verifies, decrypts and parses a POSTed callback, then stores it in the event queue. Refused
 * (WECOM_CALLBACK): a bad signature, another corp's message, a stale timestamp, bad XML. A
 * delivery already accepted (same signature, so same timestamp, nonce and message) costs nothing.
 */
export async function receiveCallback(
  crypto: CallbackCrypto,
  db: Knex,
  corpId: number,
  clock: Clock,
  query: SignedQuery,
  body: string,
  options: ReceiveOptions = {},
): Promise<Received> {
  const skew = options.maxSkewSeconds ?? DEFAULT_REPLAY_WINDOW_SECONDS;
  const ts = checkFreshness(clock, query.timestamp, skew);
  const { xml } = crypto.decryptMessage(query, body);
  const event = parseCallbackEvent(xml);
  if (event.type !== 'change_contact') return { status: 'ignored', event };
  // A signature outlives the window by nothing: past (ts + skew) the delivery is refused as stale anyway.
  const scope = `wecom-callback:${corpId}`;
  const signature = String(query.msg_signature).toLowerCase();
  if (!(await claimOnce(db, scope, signature, (ts + skew + 60) * 1000))) return { status: 'replay', event };
  // The key of a repeat delivery is the same; two changes in one second differ in their content.
  const key = `${eventKey(event)}|${createHash('sha1').update(xml).digest('base64url').slice(0, 12)}`;
  try {
    return { status: await enqueueEvent(db, corpId, key.slice(0, 191), reReadPayload(event), clock.now()), event };
  } catch (err) {
    await releaseOnce(db, scope, signature).catch(() => undefined);
    throw err;
  }
}
