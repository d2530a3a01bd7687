import { randomUUID } from 'node:crypto';
import { ACTIVE } from '../store/tables.js';
import { isBrief } from './brief-member.js';
import type { HashOf } from './hash.js';
import { MemberStage } from './member-stage.js';
import type { BindingRow, DeptMemberRow, MemberRow, UserRow } from './rows.js';
import type { UpstreamMember } from './upstream.js';

/**
 * A member the plan writes. Its rows (user, member, binding, memberships) are built when apply
 * writes them, a chunk at a time: a first sync of a million members would otherwise hold over
 * 500 MB of built rows before the first one is written.
 */
export interface MemberWrite {
  member: UpstreamMember;
  memberId: string;
  /** Absent for a new user: its id is drawn when apply builds its rows (a million kept ids are 50 MB). */
  userId?: string;
  /** The user row: inserted (a new user), or its synced fields updated (created_at kept). */
  user: 'insert' | 'update';
  /** A brand-new member: its binding is inserted, and it has no memberships to replace. */
  bind: boolean;
  /** The member row as planning built it (kept members: local values applied, changes described). */
  row?: MemberRow;
}

/** Builds a write's rows (planner.ts makes one per plan: it knows the corp, the time and the usable departments). */
export interface MemberRowBuilder {
  member(w: DrawnWrite): MemberRow;
  user(w: DrawnWrite): UserRow;
  binding(w: DrawnWrite): BindingRow;
  memberships(w: MemberWrite): DeptMemberRow[];
  /** The write with its user id (a new user's drawn here). */
  drawn(w: MemberWrite): DrawnWrite;
}

/** A write whose user id is known. */
export type DrawnWrite = MemberWrite & { userId: string };

export interface RowBuilderOptions {
  /** Where stand-ins (member-stage.ts) wait whole. */
  stage?: Pick<MemberStage, 'whole'>;
  /** New user ids (tests pass a deterministic one). */
  newUserId?: () => string;
}

/**
 * randomUUID's string is a rope of about 20 pieces (over 400 bytes); split and joined it is one
 * flat string of 36 characters.
 */
const flatUuid = () => randomUUID().split('-').join('-');

/** A JSON column's value (null for a missing one). */
export const json = (v: unknown) => JSON.stringify(v ?? null);

/** How a plan builds its member writes' rows: `hashOf` gives upstream fingerprints, `deptUsable` says which departments exist after the plan. */
export function memberRowBuilder(
  corpId: number,
  now: number,
  hashOf: HashOf,
  deptUsable: (id: string) => boolean,
  { stage, newUserId = flatUuid }: RowBuilderOptions = {},
): MemberRowBuilder {
  const usableDepts = (m: UpstreamMember) => m.memberships.filter((x) => deptUsable(x.deptExternalId));
  // A brief member (the pool has it exactly) lacks the fields a row needs: writing it would blank
  // them. A stand-in's are in the stage.
  const whole = (m: UpstreamMember) => {
    if (isBrief(m)) throw new Error(`sync planner: member ${m.externalId} is unchanged (held brief), yet planned as a write`);
    if (!MemberStage.isStandIn(m)) return m;
    if (!stage) throw new Error(`sync planner: member ${m.externalId} is staged, and the plan has no stage to read it from`);
    return stage.whole(m);
  };
  return {
    drawn: (w) => (w.userId === undefined ? { ...w, userId: newUserId() } : (w as DrawnWrite)),
    member: ({ member, memberId, userId }) => {
      const m = whole(member);
      return {
        corp_id: corpId,
        member_id: memberId,
        user_id: userId,
        status: ACTIVE,
        name: m.name,
        position: m.position ?? null,
        mobile: m.mobile || null,
        email: m.email || null,
        avatar: m.avatar || null,
        gender: m.gender ?? null,
        alias: m.alias || null,
        english_name: m.englishName || null,
        telephone: m.telephone || null,
        main_dept_id:
          m.mainDeptExternalId && deptUsable(m.mainDeptExternalId) ? m.mainDeptExternalId : (usableDepts(m)[0]?.deptExternalId ?? null),
        direct_leaders: json(m.directLeaders),
        ext_attrs: m.extAttrs === undefined ? null : json(m.extAttrs),
        attributes: m.attributes && Object.keys(m.attributes).length ? json(m.attributes) : null,
        upstream_status: m.upstreamStatus,
        enabled: m.enabled,
        source: 'sync',
        hash: hashOf(member),
        joined_at: now,
        resigned_at: null,
        updated_at: now,
      };
    },
    user: ({ member, userId }) => {
      const m = whole(member);
      return {
        user_id: userId,
        name: m.name,
        mobile: m.mobile || null,
        email: m.email || null,
        avatar: m.avatar || null,
        gender: m.gender ?? null,
        created_at: now,
        updated_at: now,
      };
    },
    binding: (w) => ({
      corp_id: corpId,
      member_id: w.memberId,
      upstream_id: w.member.externalId,
      user_id: w.userId,
      bound_at: now,
      updated_at: now,
    }),
    // From the whole member: a stand-in released after planning (MemberStage.release) has none.
    memberships: (w) =>
      usableDepts(whole(w.member)).map((x) => ({
        corp_id: corpId,
        dept_id: x.deptExternalId,
        member_id: w.memberId,
        is_leader: x.isLeader,
        sort_order: x.order,
        source: 'sync',
      })),
  };
}

/** The rows of some member writes, by table, in the order apply writes them. */
export interface MemberRows {
  userInserts: UserRow[];
  userUpdates: UserRow[];
  members: MemberRow[];
  bindings: BindingRow[];
  /** Members whose synced memberships are deleted before `memberships` are inserted. */
  replaceMemberships: string[];
  memberships: DeptMemberRow[];
}

export function memberRowsOf(build: MemberRowBuilder, writes: readonly MemberWrite[]): MemberRows {
  const rows: MemberRows = { userInserts: [], userUpdates: [], members: [], bindings: [], replaceMemberships: [], memberships: [] };
  for (const write of writes) {
    const w = build.drawn(write);
    (w.user === 'insert' ? rows.userInserts : rows.userUpdates).push(build.user(w));
    rows.members.push(w.row ?? build.member(w));
    if (w.bind) rows.bindings.push(build.binding(w));
    else rows.replaceMemberships.push(w.memberId);
    for (const r of build.memberships(w)) rows.memberships.push(r);
  }
  return rows;
}
