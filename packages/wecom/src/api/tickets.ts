import { CachedValue, type Clock } from '@jitkit/core';
import type { WeComClient } from '../client.js';

/**
 * JS-SDK tickets (section 7). WeCom allows 400/hour per corp and 100/hour per app, so each is
 * cached for its lifetime and fetched once however many callers ask at the same time.
 */
export class TicketApi {
  private readonly corp: CachedValue;
  private readonly agent: CachedValue;

  constructor(client: WeComClient, clock: Clock) {
    const fetcher = (name: string, query?: Record<string, string>) => async () => {
      const r = await client.call<{ ticket: string; expires_in: number }>({ name, method: 'GET', idempotent: true }, { query });
      return { value: r.ticket, expiresInSeconds: r.expires_in };
    };
    this.corp = new CachedValue({ key: 'jsapi', clock, marginMs: 300_000, fetch: fetcher('get_jsapi_ticket') });
    this.agent = new CachedValue({ key: 'agent_config', clock, marginMs: 300_000, fetch: fetcher('ticket/get', { type: 'agent_config' }) });
  }

  /** For wx.config. */
  jsapi(): Promise<string> {
    return this.corp.get();
  }

  /** For wx.agentConfig. */
  agentConfig(): Promise<string> {
    return this.agent.get();
  }
}
