/**
 * The org as the upstream directory (WeCom, or any other) describes it, in one shape for every
 * corp Type: a Type's job is to produce this; the engine compares it with the pool.
 */
export interface UpstreamDept {
  externalId: string;
  name: string;
  nameEn?: string;
  /** null for the upstream root (or a department whose parent is outside the visible range). */
  parentExternalId: string | null;
  order: number;
  /** External ids of the department's leaders. */
  leaders: string[];
}

export interface UpstreamMembership {
  deptExternalId: string;
  isLeader: boolean;
  order: number;
}

export interface UpstreamMember {
  externalId: string;
  name: string;
  position?: string;
  mobile?: string;
  email?: string;
  avatar?: string;
  gender?: string;
  alias?: string;
  englishName?: string;
  telephone?: string;
  /** The directory's own status (WeCom: 1 active, 2 disabled, 4 not activated, 5 left). */
  upstreamStatus: number;
  enabled: boolean;
  memberships: UpstreamMembership[];
  mainDeptExternalId?: string;
  directLeaders: string[];
  extAttrs?: unknown;
  /** Attributes the app defines (a config mapping's `attributes.<name>`), by name. */
  attributes?: Record<string, string>;
}

export interface UpstreamTag {
  externalId: string;
  name: string;
  memberExternalIds: string[];
  deptExternalIds: string[];
}

export interface UpstreamOrg {
  depts: UpstreamDept[];
  members: UpstreamMember[];
  tags: UpstreamTag[];
}

/**
 * What an upstream read covers. A full sync covers everything: whatever is not upstream is gone.
 * A targeted read (a callback event) covers the listed ids only: a listed id missing upstream is
 * gone, anything unlisted is left alone.
 */
export type SyncScope =
  | 'all'
  | {
      members?: string[];
      depts?: string[];
      tags?: string[] | 'all';
      /**
       * Where events say members are (department ids by upstream member id): a hint for planning
       * the reads of members the pool does not know yet, never taken as data.
       */
      memberDepts?: Record<string, string[]>;
    };

export function inScope(scope: SyncScope, kind: 'members' | 'depts' | 'tags', id: string): boolean {
  if (scope === 'all') return true;
  const list = scope[kind];
  return list === 'all' || (list?.includes(id) ?? false);
}
