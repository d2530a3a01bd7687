import type { Knex } from 'knex';
import type { PoolStore } from './pool-store.js';
import { T } from './tables.js';

interface StoredToken {
  token: string;
  expiresAt: number;
}

/**
 * The WeCom client's token cache in the app database, so every process of the app shares one
 * access token per (corpId, secret) instead of each calling gettoken. (Structurally the
 * TokenStore of @jitkit/wecom; this package does not depend on it.)
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
