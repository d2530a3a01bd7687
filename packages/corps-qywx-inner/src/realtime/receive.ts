import { createHash } from 'node:crypto';
import { type Clock } from '@jitkit/core';
import { enqueueEvent } from '@jitkit/corps';
import { callbackError, eventKey, parseCallbackEvent, type CallbackCrypto, type CallbackEvent, type SignedQuery } from '@jitkit/wecom';
import type { Knex } from 'knex';

export interface ReceiveOptions {
  /** Largest difference between the callback's timestamp and now (replay window), seconds. */
  maxSkewSeconds?: number;
}

export interface Received {
  /** queued: new; requeued: seen and applied before, applied again; duplicate: still waiting; ignored: not a contact change. */
  status: 'queued' | 'requeued' | 'duplicate' | 'ignored';
  event: CallbackEvent;
}

/**
 * Verifies, decrypts and parses a POSTed callback, then stores it in the event queue. Refused
 * (WECOM_CALLBACK): a bad signature, another corp's message, a stale timestamp, bad XML.
 */
export async function receiveCallback(crypto: CallbackCrypto, db: Knex, corpId: number, clock: Clock, query: SignedQuery, body: string, options: ReceiveOptions = {}): Promise<Received> {
  const ts = Number(query.timestamp);
  const skew = options.maxSkewSeconds ?? 300;
  if (!Number.isFinite(ts) || Math.abs(clock.now() / 1000 - ts) > skew) throw callbackError('stale', `timestamp is outside the ${skew} s replay window`);
  const { xml } = crypto.decryptMessage(query, body);
  const event = parseCallbackEvent(xml);
  if (event.type !== 'change_contact') return { status: 'ignored', event };
  // The key of a repeat delivery is the same; two changes in one second differ in their content.
  const key = `${eventKey(event)}|${createHash('sha1').update(xml).digest('base64url').slice(0, 12)}`;
  const { raw: _raw, ...payload } = event;
  return { status: await enqueueEvent(db, corpId, key.slice(0, 191), payload, clock.now()), event };
}
