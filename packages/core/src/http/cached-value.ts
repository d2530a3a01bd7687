import type { Clock } from '../services/clock.js';
import type { StoredToken, TokenStore } from './token-store.js';

export interface CachedValueOptions {
  fetch: () => Promise<{ value: string; expiresInSeconds: number }>;
  clock: Clock;
  /** Refresh this long before the value expires. */
  marginMs: number;
  store?: TokenStore;
  key: string;
}

/**
 * A value with a lifetime (access token, jsapi ticket): cached in memory and optionally in a
 * shared store; callers that arrive while it is being fetched share that one fetch.
 */
export class CachedValue {
  private current?: StoredToken;
  private inflight?: Promise<string>;
  fetches = 0;

  constructor(private readonly options: CachedValueOptions) {}

  private fresh(v: StoredToken | undefined): v is StoredToken {
    return v !== undefined && v.expiresAt - this.options.marginMs > this.options.clock.now();
  }

  get(): Promise<string> {
    if (this.fresh(this.current)) return Promise.resolve(this.current.token);
    this.inflight ??= this.load().finally(() => (this.inflight = undefined));
    return this.inflight;
  }

  private async load(): Promise<string> {
    const { store, key, fetch, clock } = this.options;
    const shared = await store?.get(key);
    if (this.fresh(shared)) {
      this.current = shared;
      return shared.token;
    }
    this.fetches++;
    const { value, expiresInSeconds } = await fetch();
    this.current = { token: value, expiresAt: clock.now() + expiresInSeconds * 1000 };
    await store?.set(key, this.current);
    return value;
  }

  /** Drops `value` if it is still the current one (WeCom said it is bad). */
  async invalidate(value: string): Promise<void> {
    if (this.current?.token === value) this.current = undefined;
    await this.options.store?.delete(this.options.key, value);
  }
}
