import { describe, expect, it } from 'vitest';
import { briefMember, isBrief } from '../src/sync/brief-member.js';
import { memberRowBuilder } from '../src/sync/member-writes.js';
import type { UpstreamMember } from '../src/sync/upstream.js';

// Issue 15: a full sync holds a member the pool has exactly in brief, and can never write one.
const member: UpstreamMember = {
  externalId: 'zhangsan',
  name: '张三',
  position: '工程师',
  mobile: '13800000000',
  email: 'zhangsan@example.com',
  avatar: 'https://example.com/a.png',
  upstreamStatus: 1,
  enabled: true,
  memberships: [{ deptExternalId: '2', isLeader: true, order: 3 }],
  mainDeptExternalId: '2',
  directLeaders: ['lisi'],
  extAttrs: { attrs: [{ name: '工号', value: 'E1' }] },
};

describe('brief members', () => {
  it('keep what planning reads of a member it does not write, and nothing else', () => {
    const b = briefMember(member);
    expect(Object.fromEntries(Object.entries(b))).toEqual({
      externalId: 'zhangsan',
      name: '张三',
      upstreamStatus: 1,
      enabled: true,
      memberships: member.memberships,
      directLeaders: [],
    });
    expect(isBrief(b)).toBe(true);
    expect(isBrief(member)).toBe(false);
  });

  it('have no row: building one fails and names the member, rather than blanking its fields', () => {
    const rows = memberRowBuilder(
      1,
      0,
      () => 'h',
      () => true,
    );
    const write = { memberId: 'zhangsan', userId: 'u', user: 'update' as const, bind: false };
    expect(rows.member({ ...write, member }).avatar).toBe('https://example.com/a.png');
    expect(() => rows.member({ ...write, member: briefMember(member) })).toThrow(/zhangsan is unchanged/);
    expect(() => rows.user({ ...write, member: briefMember(member) })).toThrow(/zhangsan/);
  });
});
