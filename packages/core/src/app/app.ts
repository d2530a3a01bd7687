import 'reflect-metadata';
import { container as rootContainer, instanceCachingFactory, type DependencyContainer } from 'tsyringe';
import { JitError } from '../errors.js';
import { closestNames } from '../suggest.js';
import type { ElementConfig } from '../config/config-loader.js';
import type { ElementDefine, Layer } from '../element/define.js';
import { constructElement, type Element, type ElementClass, type ElementHooks } from '../element/element.js';
import { APP, type Token } from '../services/tokens.js';

/** A service for the app's container: a value, or a factory run on first use. */
export type Provider<T> = { useValue: T } | { useFactory: (app: App) => T; dispose?: (value: T) => unknown };

export interface AppInfo {
  appId: string;
  title: string;
  dir: string;
}

export interface ElementSelector {
  /** Elements whose type chain contains this fullName (its instances and sub-Types). */
  type?: string;
  layer?: Layer;
  /** Elements whose winning definition comes from this app. */
  appId?: string;
  /** Elements whose fullName starts with this prefix ("corps."). */
  prefix?: string;
}

/** Augment this interface to type `getElement` by fullName: `interface ElementMap { 'corps.MyQywxCorp': QywxInnerType }`. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ElementMap {}

interface CacheEntry {
  value: unknown;
  onCalled?: () => void;
}

export interface AppParts {
  info: AppInfo;
  apps: AppInfo[];
  defines: Map<string, ElementDefine>;
  classes: Map<string, unknown>;
  /** Undefined when the app was loaded with configs: 'skip'. */
  configs?: Map<string, ElementConfig>;
}

/**
 * A loaded app: its element definitions, its DI container (a tsyringe child container) and the
 * elements created so far. getElement is synchronous and returns the same object every time.
 */
export class App {
  readonly appId: string;
  readonly title: string;
  /** Real path of the app folder. */
  readonly dir: string;
  /** This app and its ancestors, in lookup order (this app first). */
  readonly apps: readonly AppInfo[];
  readonly container: DependencyContainer;

  private readonly defines: Map<string, ElementDefine>;
  private readonly classes: Map<string, unknown>;
  private readonly configs?: Map<string, ElementConfig>;
  private readonly cache = new Map<string, CacheEntry>();
  private readonly instances: (Element & ElementHooks)[] = [];
  private readonly resolved = new Set<symbol>();
  private readonly disposers: { name: string; run: () => unknown }[] = [];
  private closed = false;

  constructor(parts: AppParts) {
    this.appId = parts.info.appId;
    this.title = parts.info.title;
    this.dir = parts.info.dir;
    this.apps = Object.freeze(parts.apps);
    this.defines = parts.defines;
    this.classes = parts.classes;
    this.configs = parts.configs;
    this.container = rootContainer.createChildContainer();
    this.container.register(APP, { useValue: this });
  }

  /**
   * Registers or replaces a service. Replacing is only allowed before anything resolved it:
   * later, elements would already hold the old one.
   */
  register<T>(token: Token<T>, provider: Provider<T>): this {
    this.assertOpen();
    if (this.resolved.has(token)) {
      throw new JitError(
        'SERVICE_LOCKED',
        `service ${String(token.description)} was already resolved in app '${this.appId}'; replace it before the first getElement that uses it`,
      );
    }
    if ('useValue' in provider) {
      this.container.register(token, { useValue: provider.useValue });
    } else {
      const { useFactory, dispose } = provider;
      this.container.register(token, {
        useFactory: instanceCachingFactory(() => {
          const value = useFactory(this);
          if (dispose) this.onClose(() => dispose(value), String(token.description));
          return value;
        }),
      });
    }
    return this;
  }

  resolve<T>(token: Token<T>): T {
    this.assertOpen();
    this.resolved.add(token);
    return this.container.resolve<T>(token);
  }

  /** Runs `fn` when the app closes (last registered, first run). */
  onClose(fn: () => unknown, name = 'disposer'): void {
    this.disposers.push({ name, run: fn });
  }

  getElement<K extends keyof ElementMap>(fullName: K): ElementMap[K];
  getElement<T = unknown>(fullName: string): T;
  getElement(fullName: string): unknown {
    const hit = this.cache.get(fullName);
    if (hit !== undefined) {
      if (hit.onCalled !== undefined) hit.onCalled.call(hit.value);
      return hit.value;
    }
    if (typeof fullName !== 'string')
      throw new JitError(
        'INVALID_ARGUMENT',
        `getElement: fullName must be a string like 'corps.MyQywxCorp', got ${fullName === null ? 'null' : typeof fullName}`,
        { method: 'getElement' },
      );
    return this.create(fullName);
  }

  getElementDefine(fullName: string): ElementDefine {
    const define = this.defines.get(fullName);
    if (!define) throw this.notFound(fullName);
    if (define.accessModifier === 'private' && define.appId !== this.appId) {
      throw new JitError('ELEMENT_PRIVATE', `element '${fullName}' is private to app '${define.appId}'`, { fullName });
    }
    return define;
  }

  listElements(): ElementDefine[] {
    return [...this.defines.values()]
      .filter((d) => d.accessModifier !== 'private' || d.appId === this.appId)
      .sort((a, b) => (a.fullName < b.fullName ? -1 : 1));
  }

  findElements(selector: ElementSelector = {}): ElementDefine[] {
    return this.listElements().filter(
      (d) =>
        (selector.layer === undefined || d.layer === selector.layer) &&
        (selector.appId === undefined || d.appId === selector.appId) &&
        (selector.prefix === undefined || d.fullName.startsWith(selector.prefix)) &&
        (selector.type === undefined || d.typeChain.includes(selector.type)),
    );
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Runs every instance's onAppExit, then every disposer (pools, sockets, timers), once. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const failures: string[] = [];
    for (const el of [...this.instances].reverse()) {
      try {
        await el.onAppExit?.();
      } catch (err) {
        failures.push(`${el.fullName}.onAppExit: ${(err as Error).message}`);
      }
    }
    for (const d of [...this.disposers].reverse()) {
      try {
        await d.run();
      } catch (err) {
        failures.push(`${d.name}: ${(err as Error).message}`);
      }
    }
    this.cache.clear();
    if (failures.length)
      throw new JitError('APP_CLOSE', `app '${this.appId}' closed with errors:\n  ${failures.join('\n  ')}`, { failures });
  }

  private create(fullName: string): unknown {
    this.assertOpen();
    const define = this.getElementDefine(fullName);
    let value: unknown;
    if (define.layer !== 'instance') {
      value = this.classes.get(fullName);
      if (value === undefined)
        throw new JitError('ELEMENT_INVALID', `${define.layer} '${fullName}' has no backendBundleEntry, so there is no class to return`, {
          fullName,
        });
    } else {
      if (!this.configs)
        throw new JitError(
          'ELEMENT_INVALID',
          `app '${this.appId}' was loaded without configs (configs: 'skip'), so instance '${fullName}' cannot be created`,
          { fullName },
        );
      const Cls = this.classFor(define);
      const instance = constructElement(Cls, { app: this, define, config: this.configs.get(fullName)! }) as Element & ElementHooks;
      if (typeof instance.onLoad === 'function') {
        const result: unknown = instance.onLoad();
        if (result && typeof (result as Promise<unknown>).then === 'function') {
          throw new JitError(
            'ELEMENT_INVALID',
            `${fullName}.onLoad returned a promise; onLoad must be synchronous (do async work on first use instead)`,
            { fullName },
          );
        }
      }
      this.instances.push(instance);
      value = instance;
    }
    const onCalled = (value as ElementHooks).onCalled;
    const entry: CacheEntry = { value, onCalled: typeof onCalled === 'function' && define.layer === 'instance' ? onCalled : undefined };
    this.cache.set(fullName, entry);
    entry.onCalled?.call(value);
    return value;
  }

  /** The class that builds an instance: its own module's, else the nearest Type's, else the Meta's. */
  private classFor(define: ElementDefine): ElementClass {
    for (const name of [define.fullName, ...define.typeChain]) {
      const cls = this.classes.get(name);
      if (cls !== undefined) return cls as ElementClass;
    }
    // loadApp checks this; reaching here means the definitions were built by hand.
    throw new JitError('ELEMENT_INVALID', `no class for '${define.fullName}'`, { fullName: define.fullName });
  }

  private notFound(fullName: string): JitError {
    const hint = closestNames(fullName, this.defines.keys());
    return new JitError(
      'ELEMENT_NOT_FOUND',
      `no element '${fullName}' in app '${this.appId}'${hint.length ? `; did you mean ${hint.map((h) => `'${h}'`).join(', ')}?` : ''}`,
      { fullName, suggestions: hint },
    );
  }

  private assertOpen(): void {
    if (this.closed) throw new JitError('APP_CLOSED', `app '${this.appId}' is closed`);
  }
}
