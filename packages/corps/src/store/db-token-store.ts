import type { Knex } from 'knex';
import type { PoolStore } from './pool-store.js';
import { T } from './tables.js';

interface StoredToken {
  token: string;
  expiresAt: number;
}

/**
 * An upstream client's token cache in the app database, so every process of the app shares one
 * access token per key (for WeCom: corpId and secret) instead of each asking for its own.
 * (Structurally the TokenStore of the vendor clients; this package depends on none of them.)
 */
export class DbTokenStore {
  constructor(private readonly store: PoolStore) {}

  private get db(): Knex {
    return this.store.knex;
  }

  async get(key: string): Promise<StoredToken | undefined> {
    await this.store.ready();
    const row = await this.db(T.tokens).where({ cache_key: key }).first();
    return row ? { token: row.token, expiresAt: Number(row.expires_at) } : undefined;
  }

  async set(key: string, value: StoredToken): Promise<void> {
    await this.store.ready();
    await this.db(T.tokens)
      .insert({ cache_key: key, token: value.token, expires_at: value.expiresAt })
      .onConflict('cache_key')
      .merge(['token', 'expires_at']);
  }

  async delete(key: string, token: string): Promise<void> {
    await this.store.ready();
    await this.db(T.tokens).where({ cache_key: key, token }).delete();
  }
}
