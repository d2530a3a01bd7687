import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { JitError, type Clock } from '@jitkit/core';
import { T } from './tables.js';

export interface LockOptions {
  /** How long the lock lasts without renewal; a holder that died loses it after this. */
  leaseMs: number;
  /** Wait for a busy lock (true) or fail at once with SYNC_BUSY (false). */
  wait: boolean;
  /** How long to wait before SYNC_BUSY. */
  waitTimeoutMs: number;
  pollMs?: number;
}

export function newHolderId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
}

/**
 * A named lock held in the database, so processes sharing the pool serialise their syncs. It is
 * a lease: the holder renews it while working; if the holder dies, it expires and the next one
 * takes over (and learns who held it, to mark that run abandoned).
 */
export class LeaseLock {
  constructor(
    private readonly db: Knex,
    readonly name: string,
    readonly holder: string,
    private readonly clock: Clock,
    private readonly options: LockOptions,
  ) {}

  /** Takes the lock; returns the previous holder when it took over an expired lease. */
  async acquire(): Promise<{ tookOverFrom?: string }> {
    const deadline = this.clock.now() + this.options.waitTimeoutMs;
    for (;;) {
      const got = await this.tryAcquire();
      if (got.ok) return got.tookOverFrom ? { tookOverFrom: got.tookOverFrom } : {};
      if (!this.options.wait || this.clock.now() >= deadline) {
        throw new JitError(
          'SYNC_BUSY',
          `another sync of this corp is running (lock '${this.name}' held by ${got.holder} until ${new Date(got.expiresAt).toISOString()}); ${this.options.wait ? 'waited ' + this.options.waitTimeoutMs + ' ms' : 'try again later, or wait for it'}`,
          { lock: this.name, holder: got.holder, expiresAt: got.expiresAt },
        );
      }
      await this.clock.sleep(this.options.pollMs ?? 250);
    }
  }

  private async tryAcquire(): Promise<{ ok: true; tookOverFrom?: string } | { ok: false; holder: string; expiresAt: number }> {
    const now = this.clock.now();
    const expiresAt = now + this.options.leaseMs;
    await this.db(T.locks)
      .insert({ name: this.name, holder: this.holder, acquired_at: now, expires_at: expiresAt })
      .onConflict('name')
      .ignore();
    const row = await this.db(T.locks).where({ name: this.name }).first();
    if (row && row.holder === this.holder) return { ok: true };
    if (row && Number(row.expires_at) <= now) {
      const taken = await this.db(T.locks)
        .where({ name: this.name, holder: row.holder })
        .andWhere('expires_at', '<=', now)
        .update({ holder: this.holder, acquired_at: now, expires_at: expiresAt });
      if (taken === 1) return { ok: true, tookOverFrom: row.holder };
    }
    return { ok: false, holder: row?.holder ?? 'unknown', expiresAt: Number(row?.expires_at ?? now) };
  }

  /** Extends the lease; fails with SYNC_BUSY if the lock was lost (it expired and was taken). */
  async renew(db: Knex | Knex.Transaction = this.db): Promise<void> {
    const n = await db(T.locks)
      .where({ name: this.name, holder: this.holder })
      .update({ expires_at: this.clock.now() + this.options.leaseMs });
    if (n !== 1)
      throw new JitError('SYNC_BUSY', `lost the sync lock '${this.name}': its lease expired and another process took it`, {
        lock: this.name,
      });
  }

  async release(): Promise<void> {
    await this.db(T.locks).where({ name: this.name, holder: this.holder }).delete();
  }
}
