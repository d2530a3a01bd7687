import { describe, expect, it } from 'vitest';
import { generateOrg } from '@jitkit/wecom-sim';

describe('generateOrg', () => {
  const org = generateOrg({ users: 20_000, depts: 2_000, tags: 12, seed: 42 });

  it('is deterministic for a seed', () => {
    const again = generateOrg({ users: 20_000, depts: 2_000, tags: 12, seed: 42 });
    expect(again.users.map((u) => u.userid)).toEqual(org.users.map((u) => u.userid));
    expect(generateOrg({ users: 50, depts: 5, seed: 43 }).users[0]!.userid).not.toBe(
      generateOrg({ users: 50, depts: 5, seed: 44 }).users[0]!.userid,
    );
  });

  it('builds a tree up to 15 deep with sibling-unique names', () => {
    const byId = new Map(org.depts.map((d) => [d.id, d]));
    const depth = (id: number): number => (id === 0 ? 0 : 1 + depth(byId.get(id)!.parentid));
    const depths = org.depts.map((d) => depth(d.id));
    expect(Math.max(...depths)).toBeLessThanOrEqual(15);
    expect(Math.max(...depths)).toBeGreaterThanOrEqual(8);
    const siblings = new Set<string>();
    for (const d of org.depts) {
      const key = `${d.parentid}/${d.name}`;
      expect(siblings.has(key)).toBe(false);
      siblings.add(key);
    }
  });

  it('makes valid, unique members: some in several departments, leaders and direct leaders', () => {
    const ids = new Set(org.users.map((u) => u.userid.toLowerCase()));
    expect(ids.size).toBe(20_000);
    expect(org.users.every((u) => /^[0-9A-Za-z][0-9A-Za-z_\-@.]{0,63}$/.test(u.userid))).toBe(true);
    expect(new Set(org.users.map((u) => u.mobile)).size).toBe(20_000);
    expect(org.users.filter((u) => u.department.length > 1).length).toBeGreaterThan(1_000);
    expect(org.users.filter((u) => u.is_leader_in_dept.includes(1)).length).toBeGreaterThan(500);
    expect(org.users.filter((u) => u.direct_leader.length === 1).length).toBeGreaterThan(10_000);
    expect(org.users.some((u) => /^[\u4e00-\u9fa5]{2,4}$/.test(u.name))).toBe(true);
    expect(org.users.some((u) => /^[A-Z][a-z]+ [A-Z][a-z]+$/.test(u.name))).toBe(true);
    expect(org.tags).toHaveLength(12);
  });
});
