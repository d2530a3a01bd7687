import type { Problem } from '../errors.js';
import type { ElementDefine } from './define.js';
import { isElementClass } from './element.js';

/** What a Type's module may export: its class, or a factory of it given the base class. */
export type ClassExport = (abstract new (...args: never[]) => unknown) | ((base: never) => unknown);

/**
 * A Type whose class is written as a factory of its base: the runtime calls it with the class
 * its `type` resolves to in the app being loaded, so an override of that base (in the app or
 * any app it extends) is what it extends, and two apps with different overrides each get their
 * own class.
 *
 *   const AcmeType: TypeFactory<typeof QywxInnerType> = (Base) => class AcmeType extends Base { … };
 *   export default AcmeType;
 */
export type TypeFactory<Base extends abstract new (...args: never[]) => unknown> = (base: Base) => Base;

type AnyClass = abstract new (...args: never[]) => unknown;

const isClassSyntax = (f: unknown): f is AnyClass => typeof f === 'function' && /^class\b/.test(Function.prototype.toString.call(f));
const extendsOrIs = (cls: AnyClass, base: AnyClass) => cls === base || cls.prototype instanceof base;

/**
 * Binds every define's exported class for this app, bases first. A plain class under a Type must
 * extend the class that Type resolves to here; if an override sits in between, that is reported
 * with the fix (export a factory), because the override would silently not apply.
 */
export function bindClasses(
  defines: ReadonlyMap<string, ElementDefine>,
  exported: ReadonlyMap<string, ClassExport>,
  problems: Problem[],
): Map<string, unknown> {
  const bound = new Map<string, AnyClass | undefined>();
  const owner = new Map<AnyClass, ElementDefine>();

  /** The class an element of type `fullName` builds on in this app: the nearest bound class of its chain. */
  const classOf = (fullName: string): AnyClass | undefined => {
    const d = defines.get(fullName);
    if (!d) return undefined;
    return bind(d) ?? (d.type ? classOf(d.type) : undefined);
  };

  const bind = (d: ElementDefine): AnyClass | undefined => {
    if (bound.has(d.fullName)) return bound.get(d.fullName);
    bound.set(d.fullName, undefined); // a cycle is reported by the type chain already
    const exp = exported.get(d.fullName);
    if (exp === undefined) return undefined;
    const base = d.type ? classOf(d.type) : undefined;
    const where = { code: 'MODULE_INVALID' as const, file: d.file, pointer: '/backendBundleEntry' };
    let cls: AnyClass | undefined;
    if (isClassSyntax(exp)) {
      cls = exp;
      // Under a Type, the class must build on what that Type is here. (A Meta's class is not
      // necessarily the base of its Types' classes: the element model does not require it.)
      if (base && isElementClass(cls) && defines.get(d.type)?.layer === 'type' && !extendsOrIs(cls, base)) {
        const b = owner.get(base);
        problems.push({
          ...where,
          message: `the class of ${d.fullName} (${d.modulePath}) extends a class that is not what its type ${d.type} is in this app (${b ? `${b.fullName} from app '${b.appId}'` : base.name}): an override sits in between and would not apply. Export a factory instead: export default (Base) => class ${cls.name || 'MyType'} extends Base { … } (TypeFactory<typeof ${Object.getPrototypeOf(cls).name || 'TheBase'}> from @jitkit/core types it)`,
        });
      }
    } else {
      let made: unknown;
      try {
        made = (exp as (base: unknown) => unknown)(base);
      } catch (err) {
        problems.push({ ...where, message: `the factory exported by ${d.modulePath} threw: ${(err as Error).message}` });
        return undefined;
      }
      if (!isClassSyntax(made) || (base && !extendsOrIs(made, base))) {
        problems.push({
          ...where,
          message: `the factory exported by ${d.modulePath} must return a class that extends the Base it is given (export default (Base) => class extends Base { … })`,
        });
        return undefined;
      }
      cls = made;
    }
    bound.set(d.fullName, cls);
    if (!owner.has(cls)) owner.set(cls, d);
    return cls;
  };

  const out = new Map<string, unknown>();
  for (const d of defines.values()) {
    const cls = bind(d);
    if (cls) out.set(d.fullName, cls);
  }
  return out;
}
