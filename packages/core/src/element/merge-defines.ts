import type { Problem } from '../errors.js';
import type { RawDefine } from './read-defines.js';

/** An element after overriding: the winning define plus everything it inherits from those below. */
export interface MergedDefine {
  winner: RawDefine;
  /** Overridden defines, nearest first. */
  below: RawDefine[];
  data: Record<string, unknown>;
  modulePath?: string;
}

/**
 * Applies overriding. `perApp` is in priority order (the root app first). The most derived
 * definition wins; keys it leaves out are inherited from the one it overrides, so overriding a
 * Type to change its code keeps the official config schema. Protected and private elements
 * cannot be overridden.
 */
export function mergeDefines(perApp: RawDefine[][], problems: Problem[]): Map<string, MergedDefine> {
  const byName = new Map<string, RawDefine[]>();
  for (const defines of perApp) {
    for (const d of defines) {
      const list = byName.get(d.fullName);
      if (list) list.push(d);
      else byName.set(d.fullName, [d]);
    }
  }
  const merged = new Map<string, MergedDefine>();
  for (const [fullName, list] of byName) {
    let ok = true;
    for (let i = 1; i < list.length; i++) {
      const base = list[i]!;
      if (base.accessModifier === 'public') continue;
      const over = list[i - 1]!;
      problems.push({
        code: base.accessModifier === 'protected' ? 'ELEMENT_PROTECTED' : 'ELEMENT_PRIVATE',
        file: over.file,
        pointer: '',
        message: `overrides ${fullName} of app '${base.appId}', which is ${base.accessModifier} and cannot be overridden${base.accessModifier === 'protected' ? '; define a new Type whose type is ' + fullName + ' instead' : ''}`,
      });
      ok = false;
    }
    if (!ok) continue;
    const data: Record<string, unknown> = {};
    let modulePath: string | undefined;
    for (let i = list.length - 1; i >= 0; i--) {
      const d = list[i]!;
      Object.assign(data, d.data);
      if (d.modulePath) modulePath = d.modulePath;
    }
    data.type = list[0]!.data.type;
    merged.set(fullName, { winner: list[0]!, below: list.slice(1), data, modulePath });
  }
  return merged;
}
