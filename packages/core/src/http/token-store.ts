export interface StoredToken {
  token: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

/**
 * Where access tokens are kept. Processes that share a store share one token per
 * (corpId, secret) instead of each calling gettoken (which WeCom throttles).
 */
export interface TokenStore {
  get(key: string): Promise<StoredToken | undefined>;
  set(key: string, value: StoredToken): Promise<void>;
  /** Deletes the entry only if it still holds `token` (a newer one from another process stays). */
  delete(key: string, token: string): Promise<void>;
}

export class MemoryTokenStore implements TokenStore {
  private readonly entries = new Map<string, StoredToken>();

  async get(key: string): Promise<StoredToken | undefined> {
    return this.entries.get(key);
  }

  async set(key: string, value: StoredToken): Promise<void> {
    this.entries.set(key, value);
  }

  async delete(key: string, token: string): Promise<void> {
    if (this.entries.get(key)?.token === token) this.entries.delete(key);
  }
}
