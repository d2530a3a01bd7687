export { loadApp, type LoadAppOptions } from './app/load-app.js';
export { App, type AppInfo, type ElementMap, type ElementSelector, type Provider } from './app/app.js';
export { Element, type ElementHooks, type ElementClass, type ConfigIssue, isElementClass } from './element/element.js';
export type { TypeFactory } from './element/class-binding.js';
export type { ElementDefine, Layer, AccessModifier } from './element/define.js';
export type { ElementConfig } from './config/config-loader.js';
export { JitError, AppLoadError, isJitError, formatProblem, type ErrorCode, type Problem } from './errors.js';
export { Secret, revealSecret, scrubSecrets, registerSecret } from './secret.js';
export { limitHeapGrowth, HEAP_GROWING_PERCENT } from './heap-growth.js';
export { toRowData, FieldValue, type RowData } from './data/row-data.js';
export { parseJson, readJsonFile } from './json-file.js';
export { closestNames } from './suggest.js';
export {
  createToken,
  APP,
  LOGGER,
  CLOCK,
  DATABASE,
  DATABASE_SETTINGS,
  HTTP_DISPATCHER,
  SCHEDULER,
  ENV,
  type Token,
} from './services/tokens.js';
export { ConsoleLogger, MemoryLogger, parseLogLevel, type Logger, type LogLevel, type LogFields } from './services/logger.js';
export { systemClock, type Clock } from './services/clock.js';
export { IntervalScheduler, type Scheduler, type ScheduledTask } from './services/scheduler.js';
export { parseDatabaseUrl, DEFAULT_SQLITE_FILE, type DatabaseSettings, type DatabaseClient } from './services/database-settings.js';
export { createDatabase } from './services/database.js';
export { DIALECTS, dialectOf, dialectForUrl, dialectByName, type Dialect } from './dialects/index.js';
export { declareErrors, httpStatusOf, exitCodeOf, declaredMeaning, type ErrorMeaning } from './error-catalogue.js';
export * from './http/index.js';
export { importModule as importAppModule } from './element/module-loader.js';
