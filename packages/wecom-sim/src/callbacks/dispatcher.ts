import { encrypt, getSignature } from '@wecom/crypto';
import type { SimClock } from '@jitkit/sim-kit';
import type { Org, Actor } from '../org/org.js';
import type { OrgChange } from '../org/model.js';
import type { ViewCache } from '../org/visibility.js';
import { httpRequest, randomToken, seededRandom } from '@jitkit/sim-kit';
import { cdata, eventFields, eventXml } from './event-xml.js';

export interface CallbackSettings {
  url: string;
  token: string;
  encodingAESKey: string;
  /** Thin events (callback URL configured after 2022-08-15). */
  thin?: boolean;
  /** Share of events delivered twice (0..1), for tests. */
  duplicates?: number;
  /** Shuffle events queued together before sending, for tests. */
  reorder?: boolean;
  /** Pause between tries of a failed delivery; WeCom tries 3 times in all. */
  retryDelayMs?: number;
  /** WeCom wants an answer within 5 s. */
  timeoutMs?: number;
  /**
   * Deliveries in flight at once (default 8). WeCom sends callbacks concurrently and publishes no
   * number (?); 1 sends them one at a time, each waiting for the answer to the one before.
   */
  concurrency?: number;
}

export const DEFAULT_CALLBACK_CONCURRENCY = 8;

export interface Delivery {
  seq: number;
  changeType: string;
  attempts: number;
  status: 'pending' | 'delivered' | 'failed';
  lastError?: string;
  /** When the change was made, and how long the app took to answer the last try (ms). */
  madeAt: number;
  answerMs?: number;
  /** The decrypted event, for tests that check what was sent. */
  xml: string;
}

const MAX_TRIES = 3;

/**
 * Pushes encrypted, signed change_contact events to the app's callback URL, several at once
 * (`concurrency`), retrying each as WeCom does. Changes the app made itself through the API are not sent back to it.
 */
export class CallbackDispatcher {
  private settings?: CallbackSettings;
  private queue: Delivery[] = [];
  private readonly log: Delivery[] = [];
  private workers = 0;
  private readonly waiters: (() => void)[] = [];
  private seq = 0;
  private readonly random = seededRandom(7);
  private closed = false;

  constructor(
    private readonly corpId: string,
    private readonly agentId: string,
    private readonly org: Org,
    private readonly clock: SimClock,
    /** The app's current view (its visible range can change while running). */
    private readonly agentView: () => ViewCache,
  ) {
    org.onChange((change, actor) => this.onChange(change, actor));
  }

  configure(settings: CallbackSettings | undefined): void {
    this.settings = settings;
  }

  get configured(): boolean {
    return this.settings !== undefined;
  }

  private visible(change: OrgChange): boolean {
    const view = this.agentView().get();
    if (view.all || change.kind === 'update_tag') return true;
    if ('user' in change) return view.users.has(change.user.userid.toLowerCase()) || change.user.department.some((d) => view.depts.has(d));
    return view.depts.has(change.dept.id) || view.depts.has(change.dept.parentid);
  }

  private onChange(change: OrgChange, actor: Actor): void {
    if (!this.settings || actor === 'agent' || !this.visible(change)) return;
    const xml = eventXml(this.corpId, Math.floor(this.clock.now() / 1000), eventFields(change, this.org, this.settings.thin ?? false));
    const copies = this.random() < (this.settings.duplicates ?? 0) ? 2 : 1;
    for (let i = 0; i < copies; i++) {
      const d: Delivery = { seq: ++this.seq, changeType: change.kind, attempts: 0, status: 'pending', madeAt: Date.now(), xml };
      // Reordering: a new event may overtake any that are still waiting to be sent.
      const at = this.settings.reorder ? Math.floor(this.random() * (this.queue.length + 1)) : this.queue.length;
      this.queue.splice(at, 0, d);
      this.log.push(d);
    }
    // Sending starts on the next tick, so changes made together can be reordered together.
    setImmediate(() => this.spawn());
  }

  /** Starts workers up to `concurrency`; each takes the next waiting event as soon as its answer is in. */
  private spawn(): void {
    const limit = Math.max(1, this.settings?.concurrency ?? DEFAULT_CALLBACK_CONCURRENCY);
    while (this.workers < limit && this.queue.length && !this.closed) {
      this.workers++;
      void this.work();
    }
  }

  private async work(): Promise<void> {
    try {
      for (let d = this.queue.shift(); d && !this.closed; d = this.queue.shift()) await this.deliver(d);
    } finally {
      this.workers--;
      if (this.workers === 0 && this.queue.length === 0) for (const resolve of this.waiters.splice(0)) resolve();
    }
  }

  private async deliver(d: Delivery): Promise<void> {
    const s = this.settings;
    if (!s) {
      d.status = 'failed';
      d.lastError = 'callback no longer configured';
      return;
    }
    while (d.attempts < MAX_TRIES && !this.closed) {
      d.attempts++;
      const timestamp = String(Math.floor(this.clock.now() / 1000));
      const nonce = randomToken(10);
      const encrypted = encrypt(s.encodingAESKey, d.xml, this.corpId);
      const signature = getSignature(s.token, timestamp, nonce, encrypted);
      const body = `<xml><ToUserName>${cdata(this.corpId)}</ToUserName><AgentID>${cdata(this.agentId)}</AgentID><Encrypt>${cdata(encrypted)}</Encrypt></xml>`;
      const url = `${s.url}${s.url.includes('?') ? '&' : '?'}msg_signature=${signature}&timestamp=${timestamp}&nonce=${nonce}`;
      const sent = performance.now();
      try {
        const res = await httpRequest({
          method: 'POST',
          url,
          body,
          headers: { 'content-type': 'text/xml' },
          timeoutMs: s.timeoutMs ?? 5000,
        });
        d.answerMs = performance.now() - sent;
        if (res.status === 200) {
          d.status = 'delivered';
          return;
        }
        d.lastError = `HTTP ${res.status}`;
      } catch (err) {
        d.lastError = (err as Error).message;
      }
      if (d.attempts < MAX_TRIES) await new Promise((r) => setTimeout(r, s.retryDelayMs ?? 1000));
    }
    d.status = 'failed';
  }

  /** Resolves when every queued event has been delivered or given up on. */
  async idle(): Promise<void> {
    while (this.workers > 0 || (this.queue.length > 0 && !this.closed)) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  deliveries(): Delivery[] {
    return this.log.map((d) => ({ ...d }));
  }

  close(): void {
    this.closed = true;
    this.queue = [];
    for (const resolve of this.waiters.splice(0)) resolve();
  }
}
