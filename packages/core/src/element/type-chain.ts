import type { Problem } from '../errors.js';
import { closestNames } from '../suggest.js';
import type { ElementDefine, Layer } from './define.js';
import type { MergedDefine } from './merge-defines.js';

/**
 * Resolves every element's `type` chain up to its Meta and decides its layer:
 * `type: ""` is a Meta; an element whose type is a Meta is a Type; an element whose type is a
 * Type is an instance, unless its e.json says `"layer": "type"` (a Type extending a Type).
 */
export function resolveChains(merged: Map<string, MergedDefine>, problems: Problem[]): Map<string, ElementDefine> {
  const out = new Map<string, ElementDefine>();
  const layers = new Map<string, Layer | null>();
  const names = [...merged.keys()];

  const layerOf = (fullName: string, trail: string[]): Layer | null => {
    if (layers.has(fullName)) return layers.get(fullName)!;
    const m = merged.get(fullName)!;
    const file = m.winner.file;
    const type = m.data.type as string;
    const declared = m.data.layer as Layer | undefined;
    const fail = (problem: Problem): null => {
      problems.push(problem);
      layers.set(fullName, null);
      return null;
    };
    if (type === '') {
      if (declared && declared !== 'meta')
        return fail({
          code: 'ELEMENT_INVALID',
          file,
          pointer: '/layer',
          message: `an element with an empty type is a Meta, not a ${declared}`,
        });
      layers.set(fullName, 'meta');
      return 'meta';
    }
    if (declared === 'meta') return fail({ code: 'ELEMENT_INVALID', file, pointer: '/type', message: 'a Meta must have an empty type' });
    const chainText = () => [...trail, fullName, type].join(' -> ');
    if (trail.includes(type) || type === fullName) {
      // The usual cause: an override (same fullName as a parent app's element) that names itself as its type.
      const hint =
        type === fullName
          ? `; an override keeps its original's "type" (e.g. "corps.Meta" when overriding corps.QywxInnerType): it does not name itself`
          : '';
      return fail({ code: 'TYPE_CYCLE', file, pointer: '/type', message: `the type chain is a cycle: ${chainText()}${hint}` });
    }
    const target = merged.get(type);
    if (!target) {
      const hint = closestNames(type, names);
      return fail({
        code: 'TYPE_NOT_FOUND',
        file,
        pointer: '/type',
        message: `type '${type}' is not an element (chain: ${chainText()})${hint.length ? `; did you mean ${hint.join(', ')}?` : ''}`,
      });
    }
    if (target.winner.accessModifier === 'private' && target.winner.appId !== m.winner.appId) {
      return fail({
        code: 'ELEMENT_PRIVATE',
        file,
        pointer: '/type',
        message: `type '${type}' is private to app '${target.winner.appId}'`,
      });
    }
    const targetLayer = layerOf(type, [...trail, fullName]);
    if (targetLayer === null) {
      // The cause is reported at the type itself; say here too that this element cannot load.
      return fail({
        code: 'ELEMENT_INVALID',
        file,
        pointer: '/type',
        message: `cannot load: its type '${type}' is invalid (chain: ${chainText()})`,
      });
    }
    if (targetLayer === 'instance') {
      return fail({
        code: 'ELEMENT_INVALID',
        file,
        pointer: '/type',
        message: `type '${type}' is an instance; an element's type must be a Type or a Meta`,
      });
    }
    const layer: Layer = targetLayer === 'meta' ? 'type' : (declared ?? 'instance');
    if (targetLayer === 'meta' && declared === 'instance') {
      return fail({
        code: 'ELEMENT_INVALID',
        file,
        pointer: '/layer',
        message: `an element whose type is the Meta '${type}' is a Type, not an instance`,
      });
    }
    layers.set(fullName, layer);
    return layer;
  };

  for (const [fullName, m] of merged) {
    const layer = layerOf(fullName, []);
    if (layer === null) continue;
    const chain: string[] = [];
    for (let t = m.data.type as string; t !== ''; t = merged.get(t)!.data.type as string) chain.push(t);
    out.set(fullName, {
      fullName,
      title: m.data.title as string,
      type: m.data.type as string,
      layer,
      typeChain: Object.freeze(chain),
      appId: m.winner.appId,
      overrides: Object.freeze(m.below.map((b) => b.appId)),
      accessModifier: m.winner.accessModifier,
      dir: m.winner.dir,
      file: m.winner.file,
      modulePath: m.modulePath,
      raw: Object.freeze(m.data),
    });
  }
  return out;
}
