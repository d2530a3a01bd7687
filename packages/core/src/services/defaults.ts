import { createRequire } from 'node:module';
import type * as Undici from 'undici';
import type { App } from '../app/app.js';
import { systemClock } from './clock.js';
import { createDatabase } from './database.js';
import type { DatabaseSettings } from './database-settings.js';
import { ConsoleLogger, parseLogLevel } from './logger.js';
import { IntervalScheduler } from './scheduler.js';
import { CLOCK, DATABASE, DATABASE_SETTINGS, ENV, HTTP_DISPATCHER, LOGGER, SCHEDULER } from './tokens.js';

/**
 * The services every app starts with. Each is created on first use; the ones holding resources
 * (database pool, sockets, timers) are released by app.close().
 */
export function registerDefaultServices(app: App, env: Readonly<Record<string, string | undefined>>, database: DatabaseSettings): void {
  app.register(ENV, { useValue: env });
  app.register(CLOCK, { useValue: systemClock });
  app.register(DATABASE_SETTINGS, { useValue: database });
  app.register(LOGGER, { useFactory: () => new ConsoleLogger(parseLogLevel(env.JITKIT_LOG_LEVEL, 'warn'), { app: app.appId }) });
  app.register(DATABASE, {
    useFactory: (a) => createDatabase(a.resolve(DATABASE_SETTINGS)),
    dispose: (knex) => knex.destroy(),
  });
  app.register(HTTP_DISPATCHER, {
    useFactory: () =>
      new (createRequire(import.meta.url)('undici') as typeof Undici).Agent({
        keepAliveTimeout: 30_000,
        keepAliveMaxTimeout: 600_000,
        connections: 256,
      }),
    dispose: (agent) => agent.close(),
  });
  app.register(SCHEDULER, {
    useFactory: (a) => new IntervalScheduler(a.resolve(LOGGER)),
    dispose: (s) => s.stopAll(),
  });
}
