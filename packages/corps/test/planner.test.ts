import { describe, expect, it } from 'vitest';
import { deptHash, memberHash } from '../src/sync/hash.js';
import { emptyLocalState, type LocalState } from '../src/sync/local-state.js';
import { planSync, type PlanInput } from '../src/sync/planner.js';
import { memberRowsOf } from '../src/sync/member-writes.js';
import type { UpstreamMember, UpstreamOrg } from '../src/sync/upstream.js';

// Issue 11, item 2: planning is a pure function of (pool as read, upstream): no database here at all.
const corp = { id: 1, fullName: 'corps.Pure', rootDeptId: '1' };

function member(id: string, extra: Partial<UpstreamMember> = {}): UpstreamMember {
  return {
    externalId: id,
    name: `name ${id}`,
    upstreamStatus: 1,
    enabled: true,
    memberships: [{ deptExternalId: '2', isLeader: false, order: 0 }],
    mainDeptExternalId: '2',
    directLeaders: [],
    ...extra,
  };
}

const org = (members: UpstreamMember[], tags: UpstreamOrg['tags'] = []): UpstreamOrg => ({
  depts: [
    { externalId: '1', name: 'Root', parentExternalId: null, order: 0, leaders: [] },
    { externalId: '2', name: 'Sales', parentExternalId: '1', order: 1, leaders: [] },
  ],
  members,
  tags,
});

/** A pool that already holds `members` exactly as upstream had them, with both departments. */
function poolOf(members: UpstreamMember[], roles: Record<string, string[]> = {}): LocalState {
  const s = emptyLocalState(1, '1');
  for (const d of org([]).depts) {
    const parentId = d.parentExternalId;
    s.depts.set(d.externalId, {
      deptId: d.externalId,
      externalId: d.externalId,
      parentId,
      name: d.name,
      status: 1,
      hash: deptHash(d, parentId),
      source: 'sync',
    });
  }
  for (const m of members) {
    const local = {
      memberId: m.externalId,
      userId: `user-${m.externalId}`,
      upstreamId: m.externalId,
      status: 1,
      hash: memberHash(m),
      mobile: m.mobile ?? null,
      email: m.email ?? null,
      name: m.name,
    };
    s.bound.set(m.externalId, local); // bound under its own id: taken (memberIdTaken), as read-local.ts leaves it
    s.memberFields.set(m.externalId, {
      name: m.name,
      position: null,
      mobile: m.mobile ?? null,
      email: null,
      avatar: null,
      gender: null,
      alias: null,
      english_name: null,
      telephone: null,
      main_dept_id: '2',
      direct_leaders: '[]',
      ext_attrs: null,
      upstream_status: 1,
      enabled: 1,
    });
  }
  for (const [tag, ids] of Object.entries(roles)) {
    const roleId = `tag:${corp.fullName}:${tag}`;
    s.roles.set(tag, { roleId, externalId: tag, name: `tag ${tag}`, status: 1 });
    s.roleMembers.set(roleId, new Set(ids));
  }
  s.totals = { activeMembers: members.length, activeDepts: 1 };
  return s;
}

const plan = (upstream: UpstreamOrg, local: LocalState, extra: Partial<PlanInput> = {}) =>
  planSync({ corp, upstream, scope: 'all', local, kind: 'full', now: 1000, newUserId: () => 'new-user', ...extra });

describe('planSync is pure', () => {
  it('returns a plan synchronously and plans nothing for an unchanged org', () => {
    const ms = [member('a'), member('b')];
    const p = plan(org(ms), poolOf(ms));
    expect(p).not.toBeInstanceOf(Promise);
    expect(p.changes).toEqual([]);
    expect(p.before).toEqual({ activeMembers: 2, activeDepts: 1 });
  });

  it('links a newcomer to an existing user of the app by mobile, and a second one with the same mobile to a new user', () => {
    const local = poolOf([]);
    local.usersByMobile.set('13800000001', 'user-elsewhere');
    const p = plan(org([member('x', { mobile: '13800000001' }), member('y', { mobile: '13800000001' })]), local);
    const rows = memberRowsOf(p.memberRows, p.memberWrites);
    expect(rows.bindings.map((b) => [b.upstream_id, b.user_id])).toEqual([
      ['x', 'user-elsewhere'],
      ['y', 'new-user'],
    ]);
    expect(rows.userUpdates.map((u) => u.user_id)).toEqual(['user-elsewhere']);
    expect(rows.userInserts.map((u) => u.user_id)).toEqual(['new-user']);
  });

  it('gives a new user a version 4 UUID', () => {
    const p = planSync({ corp, upstream: org([member('x')]), scope: 'all', local: poolOf([]), kind: 'full', now: 1000 });
    expect(p.memberWrites[0]!.userId).toBeUndefined(); // drawn when apply builds the rows
    expect(memberRowsOf(p.memberRows, p.memberWrites).userInserts[0]!.user_id).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it('suffixes a member id taken by a member bound under its own id (which takenMemberIds does not list)', () => {
    const local = poolOf([member('x~2')]);
    local.takenMemberIds.add('x'); // a member the app added itself, bound to no one
    const p = plan(org([member('x~2'), member('x')]), local);
    expect(memberRowsOf(p.memberRows, p.memberWrites).members.map((m) => m.member_id)).toEqual(['x~3']);
  });

  it('never gives two newcomers one member id, whichever comes first', () => {
    const ids = (members: ReturnType<typeof member>[]) => {
      const local = poolOf([]);
      local.takenMemberIds.add('x'); // so newcomer x needs x~2, which is newcomer x~2's own id
      const p = plan(org(members), local);
      return memberRowsOf(p.memberRows, p.memberWrites).members.map((m) => m.member_id);
    };
    expect(ids([member('x~2'), member('x')])).toEqual(['x~2', 'x~3']);
    expect(ids([member('x'), member('x~2')])).toEqual(['x~2', 'x~2~2']);
  });

  it('suffixes a member id that is taken', () => {
    const local = poolOf([]);
    local.takenMemberIds.add('x').add('x~2');
    const p = plan(org([member('x')]), local);
    expect(memberRowsOf(p.memberRows, p.memberWrites).members[0]!.member_id).toBe('x~3');
  });

  it('recognises a renamed upstream id by mobile, and describes the update from the fields read before', () => {
    const a = member('a', { mobile: '13900000000' });
    const p = plan(org([{ ...a, externalId: 'a2', name: 'new name' }]), poolOf([a]));
    expect(p.counts).toMatchObject({ membersRenamed: 1, membersUpdated: 1, membersAdded: 0, membersResigned: 0 });
    expect(p.rebinds).toEqual([{ memberId: 'a', upstreamId: 'a2' }]);
    expect(p.changes.find((c) => c.kind === 'member.updated')!.detail).toBe('name: name a -> new name');
  });

  it('a member gone upstream resigns and leaves its synced roles, counted in the plan (apply changes nothing)', () => {
    const ms = [member('a'), member('b')];
    const p = plan(
      org([ms[0]!], [{ externalId: 't', name: 'tag t', memberExternalIds: ['a'], deptExternalIds: [] }]),
      poolOf(ms, { t: ['a', 'b'] }),
    );
    expect(p.resign).toEqual(['b']);
    expect(p.roleMemberDeletes).toEqual([{ roleId: 'tag:corps.Pure:t', memberId: 'b' }]);
    expect(p.counts).toMatchObject({ membersResigned: 1, roleMembershipsRemoved: 1 });
  });

  it('an additive sync resigns nobody and removes nothing', () => {
    const ms = [member('a'), member('b')];
    const p = plan(org([ms[0]!]), poolOf(ms), { kind: 'additive' });
    expect(p.resign).toEqual([]);
    expect(p.changes).toEqual([]);
  });

  it('a department whose parent is unknown hangs under the root', () => {
    const upstream = org([]);
    upstream.depts.push({ externalId: '9', name: 'Orphan', parentExternalId: '404', order: 0, leaders: [] });
    const p = plan(upstream, poolOf([]));
    expect(p.deptRows.find((r) => r.dept_id === '9')!.parent_id).toBe('1');
  });

  it("a targeted sync gives a tag's role to a member deep in the tagged subtree, through departments it did not read", () => {
    // Pool: 1 > 2 (Sales) > 3 > 4; the event read member n (in 4) and tag t (on 2) only.
    const local = poolOf([]);
    local.roles.set('t', { roleId: `tag:${corp.fullName}:t`, externalId: 't', name: 'tag t', status: 1 });
    local.treeParents = new Map([
      ['2', '1'],
      ['3', '2'],
      ['4', '3'],
    ]);
    const n = member('n', { memberships: [{ deptExternalId: '4', isLeader: false, order: 0 }], mainDeptExternalId: '4' });
    const upstream: UpstreamOrg = {
      depts: [],
      members: [n],
      tags: [{ externalId: 't', name: 'tag t', memberExternalIds: [], deptExternalIds: ['2'] }],
    };
    const scope = { members: ['n'], tags: ['t'] };
    const p = plan(upstream, local, { scope });
    expect(p.roleMemberInserts.map((r) => [r.role_id, r.member_id])).toEqual([[`tag:${corp.fullName}:t`, 'n']]);
    // Upstream moved 3 under the root: what upstream says now wins over the pool's tree.
    const moved = plan({ ...upstream, depts: [{ externalId: '3', name: 'Moved', parentExternalId: '1', order: 0, leaders: [] }] }, local, {
      scope,
    });
    expect(moved.roleMemberInserts).toEqual([]);
  });
});
