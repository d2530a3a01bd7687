import type { Knex } from 'knex';
import { T } from './tables.js';

interface Migration {
  name: string;
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

// Ids are at most 191 characters: the longest a utf8mb4 column can be and still be indexed on
// every MySQL/MariaDB row format. Times are epoch milliseconds (bigint), the same on every database.
const ID = 191;

const initial: Migration = {
  name: '0001_user_pool',
  async up(knex) {
    await knex.schema.createTable(T.users, (t) => {
      t.string('user_id', 64).primary();
      t.string('name', 255).notNullable().defaultTo('');
      t.string('mobile', 32).nullable().index();
      t.string('email', 255).nullable();
      t.string('avatar', 512).nullable();
      t.string('gender', 4).nullable();
      t.bigInteger('created_at').notNullable();
      t.bigInteger('updated_at').notNullable();
    });
    await knex.schema.createTable(T.corps, (t) => {
      t.increments('id').primary();
      t.string('full_name', ID).notNullable().unique();
      t.string('title', 255).notNullable();
      t.string('type', ID).notNullable();
      t.string('external_id', ID).nullable();
      t.string('root_dept_id', 64).nullable();
      t.bigInteger('created_at').notNullable();
      t.bigInteger('updated_at').notNullable();
    });
    await knex.schema.createTable(T.members, (t) => {
      t.integer('corp_id').notNullable();
      t.string('member_id', ID).notNullable();
      t.string('user_id', 64).notNullable().index();
      t.tinyint('status').notNullable();
      t.string('name', 255).notNullable().defaultTo('');
      t.string('position', 255).nullable();
      t.string('mobile', 32).nullable();
      t.string('email', 255).nullable();
      t.string('avatar', 512).nullable();
      t.string('gender', 4).nullable();
      t.string('alias', 255).nullable();
      t.string('english_name', 255).nullable();
      t.string('telephone', 64).nullable();
      t.string('main_dept_id', 64).nullable();
      t.text('direct_leaders').nullable();
      t.text('ext_attrs').nullable();
      t.integer('upstream_status').nullable();
      t.boolean('enabled').notNullable().defaultTo(true);
      t.string('source', 16).notNullable();
      t.string('hash', 64).nullable();
      t.bigInteger('joined_at').notNullable();
      t.bigInteger('resigned_at').nullable();
      t.bigInteger('updated_at').notNullable();
      t.primary(['corp_id', 'member_id']);
    });
    await knex.schema.createTable(T.bindings, (t) => {
      t.integer('corp_id').notNullable();
      t.string('member_id', ID).notNullable();
      t.string('external_userid', ID).notNullable();
      t.string('user_id', 64).notNullable();
      t.bigInteger('bound_at').notNullable();
      t.bigInteger('updated_at').notNullable();
      t.primary(['corp_id', 'member_id']);
      t.unique(['corp_id', 'external_userid']);
    });
    await knex.schema.createTable(T.departments, (t) => {
      t.integer('corp_id').notNullable();
      t.string('dept_id', 64).notNullable();
      t.string('external_id', 64).nullable();
      t.string('parent_id', 64).nullable();
      t.string('name', 255).notNullable();
      t.string('name_en', 255).nullable();
      t.bigInteger('sort_order').notNullable().defaultTo(0);
      t.text('leaders').nullable();
      t.tinyint('status').notNullable();
      t.string('source', 16).notNullable();
      t.string('hash', 64).nullable();
      t.bigInteger('created_at').notNullable();
      t.bigInteger('updated_at').notNullable();
      t.primary(['corp_id', 'dept_id']);
    });
    await knex.schema.createTable(T.deptMembers, (t) => {
      t.integer('corp_id').notNullable();
      t.string('dept_id', 64).notNullable();
      t.string('member_id', ID).notNullable();
      t.boolean('is_leader').notNullable().defaultTo(false);
      t.bigInteger('sort_order').notNullable().defaultTo(0);
      t.string('source', 16).notNullable();
      t.primary(['corp_id', 'dept_id', 'member_id']);
      t.index(['corp_id', 'member_id']);
    });
    await knex.schema.createTable(T.roleGroups, (t) => {
      t.string('group_id', ID).primary();
      t.string('name', 255).notNullable();
      t.bigInteger('created_at').notNullable();
      t.bigInteger('updated_at').notNullable();
    });
    await knex.schema.createTable(T.roles, (t) => {
      t.string('role_id', ID).primary();
      t.string('name', 255).notNullable();
      t.string('group_id', ID).nullable();
      t.integer('corp_id').nullable();
      t.string('external_id', 64).nullable();
      t.string('source', 16).notNullable();
      t.tinyint('status').notNullable();
      t.bigInteger('created_at').notNullable();
      t.bigInteger('updated_at').notNullable();
    });
    await knex.schema.createTable(T.roleMembers, (t) => {
      t.integer('corp_id').notNullable();
      t.string('role_id', ID).notNullable();
      t.string('member_id', ID).notNullable();
      t.string('source', 16).notNullable();
      t.bigInteger('created_at').notNullable();
      t.primary(['corp_id', 'role_id', 'member_id', 'source']);
      t.index(['corp_id', 'member_id']);
    });
    await knex.schema.createTable(T.admins, (t) => {
      t.integer('corp_id').notNullable();
      t.string('member_id', ID).notNullable();
      t.bigInteger('created_at').notNullable();
      t.primary(['corp_id', 'member_id']);
    });
    await knex.schema.createTable(T.signatures, (t) => {
      t.integer('corp_id').notNullable();
      t.string('member_id', ID).notNullable();
      t.text('signature').notNullable();
      t.bigInteger('updated_at').notNullable();
      t.primary(['corp_id', 'member_id']);
    });
    await knex.schema.createTable(T.syncRuns, (t) => {
      t.string('run_id', 64).primary();
      t.integer('corp_id').notNullable().index();
      t.string('kind', 16).notNullable();
      t.string('status', 16).notNullable();
      t.boolean('dry_run').notNullable().defaultTo(false);
      t.boolean('forced').notNullable().defaultTo(false);
      t.bigInteger('started_at').notNullable();
      t.bigInteger('finished_at').nullable();
      t.integer('fetch_ms').nullable();
      t.integer('apply_ms').nullable();
      t.integer('wecom_calls').nullable();
      t.integer('rows_written').nullable();
      t.text('counts').nullable();
      t.text('changes', 'longtext').nullable();
      t.text('error').nullable();
      t.string('holder', ID).nullable();
    });
    await knex.schema.createTable(T.tokens, (t) => {
      t.string('cache_key', ID).primary();
      t.text('token').notNullable();
      t.bigInteger('expires_at').notNullable();
    });
    await knex.schema.createTable(T.locks, (t) => {
      t.string('name', ID).primary();
      t.string('holder', ID).notNullable();
      t.bigInteger('acquired_at').notNullable();
      t.bigInteger('expires_at').notNullable();
    });
  },
  async down(knex) {
    for (const table of Object.values(T).reverse()) await knex.schema.dropTableIfExists(table);
  },
};

const events: Migration = {
  name: '0002_callback_events',
  async up(knex) {
    // Callback events: the key de-duplicates deliveries; unapplied rows are the durable queue.
    await knex.schema.createTable(T.events, (t) => {
      t.integer('corp_id').notNullable();
      t.string('event_key', ID).notNullable();
      t.bigInteger('received_at').notNullable().index();
      t.text('payload').notNullable();
      t.bigInteger('applied_at').nullable();
      t.integer('attempts').notNullable().defaultTo(0);
      t.primary(['corp_id', 'event_key']);
      t.index(['corp_id', 'applied_at']);
    });
  },
  async down(knex) {
    await knex.schema.dropTableIfExists(T.events);
  },
};

const sessionsAndRetries: Migration = {
  name: '0003_sessions_once_event_retries',
  async up(knex) {
    // Member sessions: a signed token is only valid while its row exists and is not revoked.
    await knex.schema.createTable(T.sessions, (t) => {
      t.string('sid', 64).primary();
      t.integer('corp_id').notNullable();
      t.string('member_id', ID).notNullable();
      t.bigInteger('created_at').notNullable();
      t.bigInteger('expires_at').notNullable().index();
      t.bigInteger('revoked_at').nullable();
    });
    // Things that may happen once (a login state, a callback delivery), kept until they expire.
    await knex.schema.createTable(T.once, (t) => {
      t.string('scope', 64).notNullable();
      t.string('once_key', ID).notNullable();
      t.bigInteger('expires_at').notNullable().index();
      t.primary(['scope', 'once_key']);
    });
    // Failed events wait for their next try instead of being given up.
    await knex.schema.alterTable(T.events, (t) => {
      t.bigInteger('next_attempt_at').nullable();
    });
  },
  async down(knex) {
    await knex.schema.alterTable(T.events, (t) => t.dropColumn('next_attempt_at'));
    await knex.schema.dropTableIfExists(T.once);
    await knex.schema.dropTableIfExists(T.sessions);
  },
};

/** A column renamed in place (data, indexes and constraints kept), and back on the way down. */
function renameColumn(name: string, table: string, from: string, to: string): Migration {
  return {
    name,
    up: (knex) => knex.schema.alterTable(table, (t) => t.renameColumn(from, to)),
    down: (knex) => knex.schema.alterTable(table, (t) => t.renameColumn(to, from)),
  };
}

// The engine serves any upstream (WeCom, DingTalk, a CSV file): its counters and columns say so.
const upstreamCalls = renameColumn('0004_upstream_calls', T.syncRuns, 'wecom_calls', 'upstream_calls');
// A binding ties a member to its id in whatever directory it comes from, not only WeCom's userid.
const upstreamIds = renameColumn('0005_binding_upstream_id', T.bindings, 'external_userid', 'upstream_id');

const localFields: Migration = {
  name: '0006_member_local_fields',
  // Values the app set itself (updateMember), by column: a sync keeps them (sync.localFields).
  async up(knex) {
    await knex.schema.alterTable(T.members, (t) => t.text('local_fields').nullable());
  },
  async down(knex) {
    await knex.schema.alterTable(T.members, (t) => t.dropColumn('local_fields'));
  },
};

const attributes: Migration = {
  name: '0007_member_attributes',
  // The member attributes a field mapping produces (attributes.employeeNo …), as one JSON object.
  async up(knex) {
    await knex.schema.alterTable(T.members, (t) => t.text('attributes').nullable());
  },
  async down(knex) {
    await knex.schema.alterTable(T.members, (t) => t.dropColumn('attributes'));
  },
};

const webhookOutbox: Migration = {
  name: '0008_webhook_outbox',
  // One row per (webhook, notification), written in the sync's own transaction; attempts beside it.
  async up(knex) {
    await knex.schema.createTable(T.webhookDeliveries, (t) => {
      t.increments('id').primary();
      t.integer('corp_id').notNullable();
      t.string('hook', 32).notNullable();
      t.string('url', 1024).notNullable();
      t.string('event_id', ID).notNullable();
      t.string('event', 64).notNullable();
      t.string('run_id', 64).notNullable();
      t.text('body').notNullable();
      t.string('status', 16).notNullable();
      t.integer('attempts').notNullable().defaultTo(0);
      t.bigInteger('next_at').notNullable();
      t.bigInteger('created_at').notNullable();
      t.bigInteger('delivered_at').nullable();
      t.integer('last_status').nullable();
      t.string('last_error', 512).nullable();
      t.unique(['corp_id', 'hook', 'event_id']);
      t.index(['corp_id', 'status', 'next_at']);
    });
    await knex.schema.createTable(T.webhookAttempts, (t) => {
      t.integer('delivery_id').notNullable().index();
      t.bigInteger('at').notNullable();
      t.integer('status').nullable();
      t.string('error', 512).nullable();
      t.integer('ms').notNullable();
    });
  },
  async down(knex) {
    await knex.schema.dropTable(T.webhookAttempts);
    await knex.schema.dropTable(T.webhookDeliveries);
  },
};

const syncChanges: Migration = {
  name: '0009_sync_changes',
  // A run's change list as rows (paged, filtered, and a member's history across runs), and who started the run.
  async up(knex) {
    await knex.schema.createTable(T.syncChanges, (t) => {
      t.string('run_id', 64).notNullable();
      t.integer('seq').notNullable();
      t.integer('corp_id').notNullable();
      t.string('kind', 32).notNullable();
      t.string('target_id', ID).notNullable();
      t.string('external_id', ID).nullable();
      t.string('name', 255).nullable();
      t.text('detail').nullable();
      t.primary(['run_id', 'seq']);
      t.index(['corp_id', 'target_id']);
    });
    await knex.schema.alterTable(T.syncRuns, (t) => t.string('started_by', 255).nullable());
  },
  async down(knex) {
    await knex.schema.alterTable(T.syncRuns, (t) => t.dropColumn('started_by'));
    await knex.schema.dropTable(T.syncChanges);
  },
};

const adminConsole: Migration = {
  name: '0010_admin_console',
  // The admin console's sessions (apart from members' own) and its audit log.
  async up(knex) {
    await knex.schema.createTable(T.adminSessions, (t) => {
      t.string('sid', 64).primary();
      t.string('actor', 255).notNullable();
      t.string('csrf', 64).notNullable();
      t.bigInteger('created_at').notNullable();
      t.bigInteger('expires_at').notNullable().index();
      t.bigInteger('ended_at').nullable();
    });
    await knex.schema.createTable(T.adminAudit, (t) => {
      t.increments('id').primary();
      t.bigInteger('at').notNullable().index();
      t.string('actor', 255).notNullable();
      t.string('action', 64).notNullable();
      t.string('target', ID).nullable();
      t.text('detail').nullable();
      t.string('result', 512).notNullable();
    });
  },
  async down(knex) {
    await knex.schema.dropTable(T.adminAudit);
    await knex.schema.dropTable(T.adminSessions);
  },
};

const memberSearch: Migration = {
  name: '0011_member_search_index',
  // The admin console's member search scans this narrow index, in the order it pages, instead of
  // the wide member rows (5x faster at 100,000 members on SQLite).
  async up(knex) {
    await knex.schema.alterTable(T.members, (t) =>
      t.index(['corp_id', 'status', 'name', 'member_id', 'mobile', 'email'], 'jk_members_search'),
    );
  },
  async down(knex) {
    await knex.schema.alterTable(T.members, (t) => t.dropIndex([], 'jk_members_search'));
  },
};

/** Versioned migrations, in order. Never edit a shipped one: add the next. */
export const MIGRATIONS: readonly Migration[] = [
  initial,
  events,
  sessionsAndRetries,
  upstreamCalls,
  upstreamIds,
  localFields,
  attributes,
  webhookOutbox,
  syncChanges,
  adminConsole,
  memberSearch,
];

/** Serves MIGRATIONS to knex's migrator (which records them and takes a lock while it runs). */
export const migrationSource: Knex.MigrationSource<Migration> = {
  getMigrations: async () => [...MIGRATIONS],
  getMigrationName: (m) => m.name,
  getMigration: async (m) => m,
};

export const MIGRATION_TABLE = 'jk_migrations';
