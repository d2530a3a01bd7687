/** What a program can know about an element without creating it. */
export type Layer = 'meta' | 'type' | 'instance';
export type AccessModifier = 'public' | 'protected' | 'private';

export interface ElementDefine {
  fullName: string;
  title: string;
  /** The element's `type` ('' for a Meta). */
  type: string;
  layer: Layer;
  /** From this element's type up to its Meta: ['corps.QywxInnerType', 'corps.Meta']. */
  typeChain: readonly string[];
  /** The app whose definition won (the most derived app that defines this fullName). */
  appId: string;
  /** Apps whose definitions of the same fullName this one overrides, nearest first. */
  overrides: readonly string[];
  accessModifier: AccessModifier;
  /** Absolute path of the element folder and its e.json. */
  dir: string;
  file: string;
  /** Absolute path of the module named by backendBundleEntry, if any. */
  modulePath?: string;
  /** The merged e.json (own keys, then inherited from the overridden definitions). */
  raw: Readonly<Record<string, unknown>>;
}

/** The e.json keys the runtime knows; Types may add their own keys. */
export const elementSchema = {
  type: 'object',
  required: ['title', 'type'],
  properties: {
    title: { type: 'string', minLength: 1 },
    type: { type: 'string' },
    layer: { enum: ['meta', 'type', 'instance'] },
    description: { type: 'string' },
    icon: { type: 'string' },
    tag: { type: ['string', 'array'] },
    backendBundleEntry: { type: 'string', minLength: 1 },
    accessModifier: { enum: ['public', 'protected', 'private'] },
    functionList: { type: 'array', items: { type: 'object' } },
    variables: { type: 'array' },
    configSchema: { type: ['object', 'string'] },
  },
} as const;
