import { randomToken } from '@jitkit/sim-kit';
import type { OrgEvent } from './org.js';
import { openEvent, sealEvent, signEvent } from './push-crypto.js';
import type { DtSimState } from './state.js';

export interface PushSettings {
  url: string;
  /** appKey for console subscriptions (default), corpId for call_back/register_call_back ones. */
  ownerKey?: string;
  /** Tries per event before it joins the failed list (default 3). */
  attempts?: number;
}

export interface PushRecord {
  body: Record<string, unknown>;
  status: 'delivered' | 'failed';
  tries: number;
  error?: string;
}

/**
 * HTTP push: each event POSTed encrypted to the app's URL, in order; DingTalk's answer must be
 * the encrypted word `success` for this app, else the push is tried again and then kept as failed.
 * Saving the URL first sends `check_url` and refuses a URL that does not answer it properly.
 */
export class Pusher {
  private settings?: PushSettings;
  private chain: Promise<void> = Promise.resolve();
  readonly log: PushRecord[] = [];

  constructor(private readonly state: DtSimState) {}

  async configure(settings: PushSettings | null): Promise<void> {
    if (!settings) {
      this.settings = undefined;
      return;
    }
    const error = await this.post(settings, { EventType: 'check_url' });
    if (error) throw new Error(`check_url failed: ${error}`);
    this.settings = settings;
  }

  /** Queues the events of one org change; delivery is in the background, in order. */
  emit(events: OrgEvent[]): void {
    const settings = this.settings;
    if (!settings) return;
    for (const e of events) {
      const body: Record<string, unknown> = {
        EventType: e.type,
        CorpId: this.state.settings.corpId,
        TimeStamp: String(this.state.clock.now()),
        ...(e.userIds ? { UserId: e.userIds } : {}),
        ...(e.deptIds ? { DeptId: e.deptIds } : {}),
      };
      this.chain = this.chain.then(() => this.deliver(settings, body));
    }
  }

  /** Resolves when everything queued so far was delivered or given up. */
  idle(): Promise<void> {
    return this.chain;
  }

  private async deliver(settings: PushSettings, body: Record<string, unknown>): Promise<void> {
    let error: string | undefined;
    let tries = 0;
    while (tries < (settings.attempts ?? 3)) {
      tries++;
      error = await this.post(settings, body);
      if (!error) break;
      await new Promise((r) => setTimeout(r, 50 * tries));
    }
    this.log.push({ body, status: error ? 'failed' : 'delivered', tries, ...(error ? { error } : {}) });
  }

  /** One POST; undefined when the answer is the proper encrypted `success`, else why not. */
  private async post(settings: PushSettings, body: Record<string, unknown>): Promise<string | undefined> {
    const { token, aesKey, appKey } = this.state.settings;
    const owner = settings.ownerKey ?? appKey;
    const encrypt = sealEvent(aesKey, owner, JSON.stringify(body));
    const timestamp = String(this.state.clock.now());
    const nonce = randomToken(8);
    const q = new URLSearchParams({ msg_signature: signEvent(token, timestamp, nonce, encrypt), timestamp, nonce });
    try {
      const res = await fetch(`${settings.url}${settings.url.includes('?') ? '&' : '?'}${q}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ encrypt }),
        signal: AbortSignal.timeout(2_500),
      });
      const text = await res.text();
      if (res.status !== 200) return `HTTP ${res.status}`;
      const r = JSON.parse(text) as { msg_signature?: string; timeStamp?: string; nonce?: string; encrypt?: string };
      if (!r.encrypt || !r.timeStamp || !r.nonce || r.msg_signature !== signEvent(token, r.timeStamp, r.nonce, r.encrypt))
        return 'the reply is not signed with the token';
      const opened = openEvent(aesKey, r.encrypt);
      if (opened.text !== 'success' || opened.ownerKey !== owner) return 'the reply is not the encrypted word success';
      return undefined;
    } catch (err) {
      return err instanceof Error ? err.message : String(err);
    }
  }
}
