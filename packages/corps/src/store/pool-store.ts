import type { Knex } from 'knex';
import { dialectOf, type Dialect } from '@jitkit/core';
import { MIGRATION_TABLE, migrationSource } from './migrations.js';

const stores = new WeakMap<Knex, PoolStore>();

/**
 * The local user pool over one knex instance. Its migrations run by themselves on first use,
 * once per database handle; knex's migrator records them and locks, so two processes starting
 * together run them once.
 */
export class PoolStore {
  readonly dialect: Dialect;
  private migrated?: Promise<void>;

  private constructor(readonly knex: Knex) {
    this.dialect = dialectOf(knex);
  }

  static for(knex: Knex): PoolStore {
    let store = stores.get(knex);
    if (!store) stores.set(knex, (store = new PoolStore(knex)));
    return store;
  }

  /** Brings the schema up to date (idempotent); every store method awaits it. */
  ready(): Promise<void> {
    this.migrated ??= this.migrate().catch((err: unknown) => {
      this.migrated = undefined;
      throw err;
    });
    return this.migrated;
  }

  /**
   * knex's migrator creates its own tables without a lock, so two processes on a fresh database
   * can collide there, and one finds the migration lock taken while the other migrates. Both
   * are retried: migrating is idempotent, and the loser finds the work done.
   */
  private async migrate(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.ensureMigrationTables();
        await this.knex.migrate.latest({ migrationSource, tableName: MIGRATION_TABLE });
        return;
      } catch (err) {
        if (attempt >= 100 || !this.dialect.isMigrationRace(err)) throw err;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
  }

  /**
   * knex creates its two bookkeeping tables with check-then-create, and two processes that do
   * it at once can each insert a lock row; with two rows knex says "already locked" forever.
   * They are created here with exactly one lock row (index 1), extra rows removed.
   */
  private async ensureMigrationTables(): Promise<void> {
    const lockTable = `${MIGRATION_TABLE}_lock`;
    if (!(await this.knex.schema.hasTable(MIGRATION_TABLE))) {
      await this.knex.schema.createTable(MIGRATION_TABLE, (t) => {
        t.increments();
        t.string('name');
        t.integer('batch');
        t.timestamp('migration_time');
      });
    }
    if (!(await this.knex.schema.hasTable(lockTable))) {
      await this.knex.schema.createTable(lockTable, (t) => {
        t.increments('index').primary();
        t.integer('is_locked');
      });
    }
    await this.knex(lockTable).insert({ index: 1, is_locked: 0 }).onConflict('index').ignore();
    await this.knex(lockTable).where('index', '>', 1).delete();
  }
}
