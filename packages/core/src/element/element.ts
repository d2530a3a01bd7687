import { JitError } from '../errors.js';
import type { ElementConfig } from '../config/config-loader.js';
import type { Token } from '../services/tokens.js';
import type { App } from '../app/app.js';
import type { ElementDefine } from './define.js';

interface Construction {
  app: App;
  define: ElementDefine;
  config: ElementConfig;
}

// Kept on globalThis under registered symbols so that two copies of this package (a bundled one
// and an installed one, say) still agree on what is being built and on what an Element is.
const SLOT = Symbol.for('jitkit:construction');
const BRAND = Symbol.for('jitkit:element');
const slot = globalThis as { [SLOT]?: Construction };

/** Runs `new Cls()` with the element's context in reach of the Element constructor. */
export function constructElement<T>(Cls: new () => T, ctx: Construction): T {
  const previous = slot[SLOT];
  slot[SLOT] = ctx;
  try {
    return new Cls();
  } finally {
    slot[SLOT] = previous;
  }
}

/**
 * Base class of every element instance. It takes no constructor arguments: the runtime hands it
 * its app, definition and config while constructing it, so a subclass needs neither decorators
 * nor a constructor of its own. Services come through `this.inject(TOKEN)`, usable in field
 * initializers: `private readonly db = this.inject(DATABASE);`.
 *
 * Optional hooks: `onLoad()` once after creation (synchronous), `onCalled()` on every
 * app.getElement, `onAppExit()` when the app closes.
 */
export class Element {
  readonly app: App;
  readonly define: ElementDefine;
  /** The instance's validated config; writeOnly fields are Secrets. */
  readonly config: ElementConfig;

  constructor() {
    const ctx = slot[SLOT];
    if (!ctx) {
      throw new JitError(
        'ELEMENT_INVALID',
        `${new.target.name} is an element class: get its instances with app.getElement(fullName) instead of new`,
      );
    }
    this.app = ctx.app;
    this.define = ctx.define;
    this.config = ctx.config;
  }

  static readonly [BRAND] = true;

  /**
   * Checks an instance's config beyond its JSON Schema, when the app loads (a Type overrides it,
   * e.g. to check that a field mapping names fields the upstream has). Each issue becomes a
   * CONFIG_INVALID load problem at the given pointer of the instance's config file.
   */
  static checkConfig(config: ElementConfig): ConfigIssue[] {
    void config;
    return [];
  }

  get fullName(): string {
    return this.define.fullName;
  }

  get title(): string {
    return this.define.title;
  }

  /** Resolves a runtime service from this element's app. */
  protected inject<T>(token: Token<T>): T {
    return this.app.resolve(token);
  }
}

/** A config problem a Type found beyond the schema: where (a JSON pointer) and what. */
export interface ConfigIssue {
  pointer: string;
  message: string;
}

export interface ElementHooks {
  onLoad?(): void;
  onCalled?(): void;
  onAppExit?(): void | Promise<void>;
}

export type ElementClass = (new () => Element) & {
  prototype: Element;
  /** Absent on classes built against an older @jitkit/core. */
  checkConfig?(config: ElementConfig): ConfigIssue[];
};

export function isElementClass(value: unknown): value is ElementClass {
  return typeof value === 'function' && (value as unknown as Record<symbol, unknown>)[BRAND] === true;
}
