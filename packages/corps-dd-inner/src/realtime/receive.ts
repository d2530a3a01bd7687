import { createHash } from 'node:crypto';
import type { Clock } from '@jitkit/core';
import type { Delivery } from '@jitkit/corps';
import { callbackError, eventKey, parseEvent, type DingTalkCrypto, type DingTalkEvent } from '@jitkit/dingtalk';
import type { DingTalkEventPayload } from './event-scope.js';

export const DEFAULT_REPLAY_WINDOW_SECONDS = 300;

export interface PushQuery {
  msg_signature?: string;
  /** Older docs call it `signature`: both are accepted. */
  signature?: string;
  timestamp?: string;
  nonce?: string;
}

/** DingTalk's timestamps are epoch milliseconds (some older pushes: seconds): either, within the window. */
export function checkFreshness(clock: Clock, timestamp: string, skewSeconds = DEFAULT_REPLAY_WINDOW_SECONDS): number {
  const n = /^\d{1,13}$/.test(timestamp) ? Number(timestamp) : NaN;
  const ms = n > 1e11 ? n : n * 1000;
  if (!Number.isFinite(ms) || Math.abs(clock.now() - ms) > skewSeconds * 1000)
    throw callbackError('stale', `timestamp is outside the ${skewSeconds} s replay window`);
  return ms;
}

/** What the queue keeps of an event: its type and ids. */
export function payloadOf(e: DingTalkEvent): DingTalkEventPayload {
  return { type: e.type, userIds: e.userIds, deptIds: e.deptIds, labelIds: e.labelIds };
}

/** A contact event as the engine's delivery: keyed by eventId when it has one, else by its content. */
export function deliveryOf(e: DingTalkEvent, id: string, expiresAt: number, raw: string): Delivery {
  const key = e.eventId ? eventKey(e) : `${eventKey(e)}|${createHash('sha1').update(raw).digest('base64url').slice(0, 12)}`;
  return { id, expiresAt, events: e.contact ? [{ key, payload: payloadOf(e) }] : [] };
}

/**
 * An HTTP push: fresh, signed, decrypted, for this app (owner key), parsed. Refused with
 * DINGTALK_CALLBACK otherwise. The delivery is identified by its signature.
 */
export function readPush(
  crypto: DingTalkCrypto,
  clock: Clock,
  query: PushQuery,
  body: unknown,
  skewSeconds = DEFAULT_REPLAY_WINDOW_SECONDS,
): { event: DingTalkEvent; delivery: Delivery } {
  const timestamp = query.timestamp ?? '';
  const ms = checkFreshness(clock, timestamp, skewSeconds);
  const encrypt = (body as { encrypt?: unknown } | null)?.encrypt;
  if (typeof encrypt !== 'string' || !encrypt) throw callbackError('json', 'the body has no encrypt field');
  const signature = String(query.msg_signature ?? query.signature ?? '');
  const text = crypto.decrypt({ signature, timestamp, nonce: query.nonce ?? '', encrypt });
  const event = parseEvent(text);
  return { event, delivery: deliveryOf(event, signature.toLowerCase(), ms + (skewSeconds + 60) * 1000, text) };
}
