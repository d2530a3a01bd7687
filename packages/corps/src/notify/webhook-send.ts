import { createHmac } from 'node:crypto';
import { send } from '@jitkit/core';

export type Dispatcher = Parameters<typeof send>[0];
import type { WebhookTarget } from './webhook-config.js';

export interface SendResult {
  ok: boolean;
  status: number | null;
  error: string | null;
  ms: number;
}

/** `sha256=<hex>`: HMAC-SHA256 of the raw body with the receiver's secret. */
export function signBody(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** One POST of one notification; a 2xx within the timeout is a delivery, anything else a failed attempt. */
export async function postNotification(
  dispatcher: Dispatcher,
  target: WebhookTarget,
  delivery: { eventId: string; event: string; body: string },
  now: () => number,
): Promise<SendResult> {
  const started = now();
  try {
    const answer = await send(dispatcher, target.url, 'POST', delivery.body, target.timeoutMs, {
      'x-jitkit-event-id': delivery.eventId,
      'x-jitkit-event': delivery.event,
      'x-jitkit-signature': signBody(delivery.body, target.secret.reveal()),
      'user-agent': 'jitkit-webhooks/1',
    });
    const ok = answer.status >= 200 && answer.status < 300;
    return { ok, status: answer.status, error: ok ? null : `HTTP ${answer.status}`, ms: now() - started };
  } catch (err) {
    return { ok: false, status: null, error: (err instanceof Error ? err.message : String(err)).slice(0, 500), ms: now() - started };
  }
}
