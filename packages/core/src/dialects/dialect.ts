import type { Knex, knex as KnexFactory } from 'knex';
import type { DatabaseSettings } from '../services/database-settings.js';

/** Where knex logs go: never stdout (it belongs to the command's output). */
export interface KnexLog {
  warn(message: unknown): void;
  error(message: unknown): void;
  deprecate(message: unknown): void;
  debug(message: unknown): void;
}

/**
 * Everything jitkit knows about one database, in one module: its URL schemes, how to connect,
 * how to quote and upsert, how it reports a duplicate key or a migration race, and its limits.
 * Nothing dialect-specific lives anywhere else; adding a database is one module and its entry
 * in the registry (and the test matrix).
 */
export interface Dialect {
  readonly name: 'sqlite' | 'postgres' | 'mysql';
  /** URL schemes this dialect accepts, with the colon: 'postgres:'. */
  readonly schemes: readonly string[];
  /** The knex client names that mean this dialect. */
  readonly knexClients: readonly string[];
  /** Settings from a URL of one of `schemes`; `baseDir` resolves relative file paths. */
  parse(value: string, baseDir: string): DatabaseSettings;
  connect(settings: DatabaseSettings, knex: typeof KnexFactory, log: KnexLog): Knex;
  quote(identifier: string): string;
  /** The clause after a multi-row INSERT that turns it into an upsert. */
  upsertClause(keys: string[], update: string[]): string;
  isUniqueViolation(err: unknown): boolean;
  /** Two processes migrating a fresh database at once: safe to retry. */
  isMigrationRace(err: unknown): boolean;
  /** Bound parameters one statement may carry. */
  readonly maxParams: number;
  /**
   * The statement that refreshes the query planner's statistics of `tables` after a large write,
   * or undefined where the planner needs none for its choices.
   */
  analyzeStatement(tables: readonly string[]): string | undefined;
}

/** `scheme://host/db` without user or password, for messages and logs. */
export function labelOf(url: URL, scheme: string): string {
  return `${scheme}://${url.host}${url.pathname}`;
}

export const errorCode = (err: unknown) => (err as { code?: unknown }).code;
export const errorMessage = (err: unknown) => String((err as Error | undefined)?.message ?? err);
