import path from 'node:path';
import { createLenientAjv } from '../ajv.js';
import type { JitError } from '../errors.js';
import { AppLoadError, type Problem } from '../errors.js';
import { ConfigSchemas, configFileOf, loadInstanceConfig, type ElementConfig } from '../config/config-loader.js';
import { fillTemplates } from '../config/template.js';
import type { ElementDefine } from '../element/define.js';
import { isElementClass } from '../element/element.js';
import { bindClasses, type ClassExport } from '../element/class-binding.js';
import { mergeDefines } from '../element/merge-defines.js';
import { importModule } from '../element/module-loader.js';
import { readAppDefines } from '../element/read-defines.js';
import { resolveChains } from '../element/type-chain.js';
import { DEFAULT_SQLITE_FILE, parseDatabaseUrl, type DatabaseSettings } from '../services/database-settings.js';
import { registerDefaultServices } from '../services/defaults.js';
import { resolveAppGraph, type AppNode } from './app-graph.js';
import { App } from './app.js';
import { MANIFEST_FILE } from './manifest.js';

export interface LoadAppOptions {
  /** Variables for `{{VAR}}` in config files and app.json (default: none). */
  env?: Readonly<Record<string, string | undefined>>;
  /**
   * The app's database: a URL (`sqlite:FILE`, `postgres://…`, `mysql://…`) or settings.
   * Default: env JITKIT_DATABASE_URL, then app.json `database`, then a SQLite file under the app.
   */
  database?: string | DatabaseSettings;
  /** Called before loadApp returns: replace services here (they are created on first use). */
  services?: (app: App) => void;
  /**
   * 'skip' reads definitions and classes only, no instance configs (so no env is needed): for
   * tools that list elements. Instances of such an app cannot be created.
   */
  configs?: 'load' | 'skip';
}

async function loadClasses(defines: Map<string, ElementDefine>, problems: Problem[]): Promise<Map<string, unknown>> {
  const byModule = new Map<string, ElementDefine[]>();
  for (const d of defines.values()) {
    if (!d.modulePath) continue;
    const list = byModule.get(d.modulePath);
    if (list) list.push(d);
    else byModule.set(d.modulePath, [d]);
  }
  const exported = new Map<string, ClassExport>();
  await Promise.all(
    [...byModule].map(async ([file, users]) => {
      let mod: Record<string, unknown>;
      try {
        mod = await importModule(file);
      } catch (err) {
        for (const d of users)
          problems.push({
            code: 'MODULE_INVALID',
            file: d.file,
            pointer: '/backendBundleEntry',
            message: `module ${file} failed to load: ${(err as Error).message}`,
          });
        return;
      }
      const cls = mod.default;
      if (typeof cls !== 'function') {
        for (const d of users)
          problems.push({
            code: 'MODULE_INVALID',
            file: d.file,
            pointer: '/backendBundleEntry',
            message: `module ${file} has no default export class (export default class … {}, or a factory: export default (Base) => class extends Base {})`,
          });
        return;
      }
      for (const d of users) exported.set(d.fullName, cls as ClassExport);
    }),
  );
  return bindClasses(defines, exported, problems);
}

function nearest<T>(
  define: ElementDefine,
  defines: Map<string, ElementDefine>,
  pick: (d: ElementDefine) => T | undefined,
): { owner: ElementDefine; value: T } | undefined {
  for (const name of [define.fullName, ...define.typeChain]) {
    const d = defines.get(name)!;
    const value = pick(d);
    if (value !== undefined) return { owner: d, value };
  }
  return undefined;
}

async function loadConfigs(
  defines: Map<string, ElementDefine>,
  classes: Map<string, unknown>,
  env: Readonly<Record<string, string | undefined>>,
  problems: Problem[],
): Promise<Map<string, ElementConfig>> {
  const schemas = new ConfigSchemas(createLenientAjv());
  const configs = new Map<string, ElementConfig>();
  await Promise.all(
    [...defines.values()]
      .filter((d) => d.layer === 'instance')
      .map(async (d) => {
        const cls = nearest(d, defines, (x) => classes.get(x.fullName));
        if (!cls) {
          problems.push({
            code: 'ELEMENT_INVALID',
            file: d.file,
            pointer: '/type',
            message: `no class to build it: neither ${d.fullName} nor its type chain (${d.typeChain.join(' -> ')}) names a backendBundleEntry`,
          });
        } else if (!isElementClass(cls.value)) {
          problems.push({
            code: 'MODULE_INVALID',
            file: cls.owner.file,
            pointer: '/backendBundleEntry',
            message: `the default export of ${cls.owner.modulePath} builds instances (${d.fullName}) and must extend Element from @jitkit/core`,
          });
        }
        const schemaOwner = nearest(d, defines, (x) => (x.raw.configSchema === undefined ? undefined : true))?.owner;
        const config = await loadInstanceConfig(d, schemaOwner, schemas, env, problems);
        if (!config) return;
        if (cls && isElementClass(cls.value))
          for (const issue of cls.value.checkConfig?.(config) ?? [])
            problems.push({ code: 'CONFIG_INVALID', file: configFileOf(d), pointer: issue.pointer, message: issue.message });
        configs.set(d.fullName, config);
      }),
  );
  return configs;
}

function databaseSettings(
  root: AppNode,
  options: LoadAppOptions,
  env: Readonly<Record<string, string | undefined>>,
  problems: Problem[],
): DatabaseSettings | undefined {
  if (options.database && typeof options.database === 'object') return options.database;
  const manifestFile = path.join(root.dir, MANIFEST_FILE);
  let value = options.database ?? env.JITKIT_DATABASE_URL;
  let source =
    options.database !== undefined
      ? 'the database option (jitkit --database)'
      : value !== undefined
        ? 'env JITKIT_DATABASE_URL'
        : `the default (${DEFAULT_SQLITE_FILE} under the app)`;
  if (value === undefined && root.manifest.database !== undefined) {
    source = `${manifestFile} "database"`;
    const filled = fillTemplates(root.manifest.database, env);
    for (const m of filled.missing)
      problems.push({
        code: 'ENV_MISSING',
        file: manifestFile,
        pointer: '/database',
        message: `environment variable ${m.name} is not set`,
      });
    if (filled.missing.length) return undefined;
    value = filled.value as string;
  }
  try {
    return parseDatabaseUrl(value ?? `sqlite:${DEFAULT_SQLITE_FILE}`, root.dir, source);
  } catch (err) {
    problems.push({ code: 'DATABASE_INVALID', file: manifestFile, pointer: '/database', message: (err as JitError).message });
    return undefined;
  }
}

/**
 * Loads an app: its parents, every element definition, their classes and configs. Either the
 * whole app is valid and an App is returned, or one AppLoadError lists every problem found.
 */
export async function loadApp(dir: string, options: LoadAppOptions = {}): Promise<App> {
  const env = options.env ?? {};
  const problems: Problem[] = [];
  const graph = await resolveAppGraph(path.resolve(dir), problems);
  if (!graph) throw new AppLoadError(path.resolve(dir), problems);

  const perApp = await Promise.all(graph.order.map((a) => readAppDefines(a, problems)));
  const defines = resolveChains(mergeDefines(perApp, problems), problems);
  const classes = await loadClasses(defines, problems);
  const configs = options.configs === 'skip' ? undefined : await loadConfigs(defines, classes, env, problems);
  const database = databaseSettings(graph.root, options, env, problems);
  if (!options.env) {
    for (const p of problems)
      if (p.code === 'ENV_MISSING')
        p.message += ' (loadApp was called without `env`, so process.env was not read: pass { env: process.env })';
  }
  if (problems.length > 0 || !database) throw new AppLoadError(graph.root.dir, problems);

  const info = (a: AppNode) => ({ appId: a.appId, title: a.title, dir: a.dir });
  const app = new App({ info: info(graph.root), apps: graph.order.map(info), defines, classes, configs });
  registerDefaultServices(app, env, database);
  options.services?.(app);
  return app;
}
