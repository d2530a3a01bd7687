import { memberHashes, type HashOf } from './hash.js';
import type { LocalState } from './local-state.js';
import { emptyCounts, type Change } from './model.js';
import { memberRowBuilder } from './member-writes.js';
import type { MemberStage } from './member-stage.js';
import { planDepartments } from './plan-depts.js';
import { planMembers } from './plan-members.js';
import { planRoles } from './plan-roles.js';
import type { Plan } from './plan.js';
import type { SyncScope, UpstreamOrg } from './upstream.js';

export type SyncKind = 'full' | 'additive' | 'event';

export interface PlanInput {
  corp: { id: number; fullName: string; rootDeptId: string };
  upstream: UpstreamOrg;
  scope: SyncScope;
  /** The pool as the read phase found it (read-local.ts). */
  local: LocalState;
  kind: SyncKind;
  now: number;
  /** Known renames (old upstream id -> new), e.g. from an update_user event with NewUserID. */
  renames?: Map<string, string>;
  /** Upstream members' fingerprints (computed here when not given). */
  hashOf?: HashOf;
  /** Upstream members `sync.scope` left out: resigned as "out of scope", or ignored when not in the pool. */
  outOfScope?: Set<string>;
  /** Pool columns the app owns (sync.localFields): a member's local value wins over upstream's. */
  localColumns?: Set<string>;
  /** Where the members `upstream` holds as stand-ins wait whole (a large full sync's). */
  stage?: Pick<MemberStage, 'whole'>;
  /** New user ids (tests pass a deterministic one). */
  newUserId?: () => string;
}

/** What the planning steps share. */
export interface PlanContext {
  input: PlanInput;
  plan: Plan;
  hashOf: HashOf;
  /** Whether what is gone upstream is removed here (not in an additive sync). */
  removals: boolean;
  change(c: Change): void;
}

export { tagRoleId } from './plan-roles.js';

/**
 * Compares upstream with the pool and plans every write. Pure: the pool comes in as LocalState
 * (read before, in one place), the plan goes out; nothing is read or written here. Identity is
 * the binding between an upstream id and a memberId; a member whose upstream id changed is
 * recognised through an explicit rename, or by the same mobile or email.
 */
export function planSync(input: PlanInput): Plan {
  const { local } = input;
  const hashOf = input.hashOf ?? memberHashes(input.upstream.members);
  // Known once departments are planned; member rows are built after that.
  let deptUsable: (id: string) => boolean = () => false;
  const plan: Plan = {
    counts: emptyCounts(),
    changes: [],
    deptRows: [],
    deptRemovals: [],
    memberWrites: [],
    memberRows: memberRowBuilder(input.corp.id, input.now, hashOf, (id) => deptUsable(id), {
      stage: input.stage,
      newUserId: input.newUserId,
    }),
    memberRowCount: 0,
    resign: [],
    rebinds: [],
    roleRows: [],
    roleRemovals: [],
    roleMemberInserts: [],
    roleMemberDeletes: [],
    before: local.totals,
  };
  const ctx: PlanContext = {
    input,
    plan,
    hashOf,
    removals: input.kind !== 'additive',
    change: (c) => plan.changes.push(c),
  };
  deptUsable = planDepartments(ctx);
  const members = planMembers(ctx);
  planRoles(ctx, members);
  return plan;
}
