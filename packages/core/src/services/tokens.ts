import type { Knex } from 'knex';
import type { Dispatcher } from 'undici';
import type { Clock } from './clock.js';
import type { Logger } from './logger.js';
import type { Scheduler } from './scheduler.js';
import type { DatabaseSettings } from './database-settings.js';
import type { App } from '../app/app.js';

/**
 * A DI token that carries the type of what it resolves to. Tokens are registered symbols
 * (Symbol.for), so two copies of this package still agree on them.
 */
export type Token<T> = symbol & { readonly __resolvesTo?: T };

export function createToken<T>(name: string): Token<T> {
  return Symbol.for(`jitkit:${name}`) as Token<T>;
}

/** The app itself (its directory, id, env), for services that need them. */
export const APP = createToken<App>('App');
export const LOGGER = createToken<Logger>('Logger');
export const CLOCK = createToken<Clock>('Clock');
/** The app's database settings, resolved from options, env and app.json. */
export const DATABASE_SETTINGS = createToken<DatabaseSettings>('DatabaseSettings');
/** A knex instance over the app's database, created on first use and destroyed by app.close(). */
export const DATABASE = createToken<Knex>('Database');
/** A keep-alive HTTP connection pool shared by the app's outgoing calls. */
export const HTTP_DISPATCHER = createToken<Dispatcher>('HttpDispatcher');
export const SCHEDULER = createToken<Scheduler>('Scheduler');
/** The environment that `{{VAR}}` placeholders are filled from. */
export const ENV = createToken<Readonly<Record<string, string | undefined>>>('Env');
