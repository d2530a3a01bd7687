import { createHash } from 'node:crypto';
import { type Clock } from '@jitkit/core';
import type { Delivery, DeliveryStatus } from '@jitkit/corps';
import {
  callbackError,
  eventKey,
  parseCallbackEvent,
  type CallbackCrypto,
  type CallbackEvent,
  type ContactEvent,
  type SignedQuery,
} from '@jitkit/wecom';

export interface ReceiveOptions {
  /** Largest difference between the callback's timestamp and now (replay window), seconds. */
  maxSkewSeconds?: number;
}

export interface Received {
  /** What the queue did with it (DeliveryStatus); ignored: not a contact change. */
  status: DeliveryStatus;
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
      return {
        ...base,
        userId: event.userId,
        ...(event.newUserId ? { newUserId: event.newUserId } : {}),
        // Department ids only (thin events have none): where to read a member the pool does not know yet.
        ...(event.department?.length ? { department: event.department } : {}),
      };
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
 * Verifies, decrypts and parses a POSTed callback into a delivery for the engine's queue.
 * Refused (WECOM_CALLBACK): a bad signature, another corp's message, a stale timestamp, bad XML.
 * The delivery is identified by its signature (same timestamp, nonce and message), which outlives
 * the replay window by nothing: past (ts + skew) it is refused as stale anyway.
 */
export function readCallback(
  crypto: CallbackCrypto,
  clock: Clock,
  query: SignedQuery,
  body: string,
  options: ReceiveOptions = {},
): { event: CallbackEvent; delivery: Delivery } {
  const skew = options.maxSkewSeconds ?? DEFAULT_REPLAY_WINDOW_SECONDS;
  const ts = checkFreshness(clock, query.timestamp, skew);
  const { xml } = crypto.decryptMessage(query, body);
  const event = parseCallbackEvent(xml);
  const delivery: Delivery = { id: String(query.msg_signature).toLowerCase(), expiresAt: (ts + skew + 60) * 1000, events: [] };
  // Only contact changes reach the queue; the key of a repeat delivery is the same, two changes in one second differ in content.
  if (event.type === 'change_contact')
    delivery.events.push({
      key: `${eventKey(event)}|${createHash('sha1').update(xml).digest('base64url').slice(0, 12)}`,
      payload: reReadPayload(event),
    });
  return { event, delivery };
}
