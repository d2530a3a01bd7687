import { createHash } from 'node:crypto';
import { Secret } from '@jitkit/core';
import { matches } from './notifications.js';

/** One configured receiver of a corp's notifications (`webhooks: [...]` in the corp config). */
export interface WebhookTarget {
  /** Stable id of the receiver in the outbox: derived from its URL, so reordering the list changes nothing. */
  key: string;
  url: string;
  secret: Secret;
  events: string[];
  timeoutMs: number;
}

interface WebhookConfig {
  url: string;
  secret: Secret | string;
  events?: string[];
  timeoutMs?: number;
}

export const DEFAULT_WEBHOOK_TIMEOUT_MS = 10_000;

export function webhookKey(url: string): string {
  return createHash('sha256').update(url).digest('hex').slice(0, 32);
}

/** The corp config's `webhooks`, as targets (the schema has checked the shape). */
export function webhookTargets(config: Readonly<Record<string, unknown>>): WebhookTarget[] {
  const list = (config.webhooks ?? []) as WebhookConfig[];
  return list.map((w) => ({
    key: webhookKey(w.url),
    url: w.url,
    secret: typeof w.secret === 'string' ? new Secret(w.secret) : w.secret,
    events: w.events?.length ? w.events : ['*'],
    timeoutMs: w.timeoutMs ?? DEFAULT_WEBHOOK_TIMEOUT_MS,
  }));
}

export function wants(target: WebhookTarget, event: string): boolean {
  return target.events.some((p) => matches(p, event));
}
