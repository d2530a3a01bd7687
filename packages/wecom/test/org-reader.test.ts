import { describe, expect, it } from 'vitest';
import { readOrganization } from '@jitkit/wecom';
import { client, sim } from './helpers/sim.js';

describe('readOrganization', () => {
  it('reads exactly what the emulator holds: departments, each member once, tags', async () => {
    const s = await sim({ users: 300, depts: 40, tags: 5, seed: 9 });
    const c = client(s, { maxInFlight: 8 });
    const progress: number[] = [];
    const org = await readOrganization(c, { onProgress: (done) => progress.push(done) });
    const snap = await s.control.snapshot();
    expect(org.departments.map((d) => d.id).sort((a, b) => a - b)).toEqual(snap.departments.map((d) => d.id).sort((a, b) => a - b));
    expect([...org.members.keys()].sort()).toEqual(snap.users.map((u) => u.userid).sort());
    const multi = snap.users.find((u) => u.department.length > 1)!;
    expect(org.members.get(multi.userid)!.department).toEqual(multi.department);
    expect(org.tags.map((t) => [t.tagid, t.userids.sort()])).toEqual(snap.tags.map((t) => [t.tagid, t.users.sort()]));
    expect(progress.at(-1)).toBe(40);
    expect(c.stats.byApi['user/list']).toBe(40);
  });

  it('keeps what the caller maps each member to, mapping each member once as its page arrives', async () => {
    const s = await sim({ users: 200, depts: 30, tags: 0, seed: 4 });
    const snap = await s.control.snapshot();
    const multi = snap.users.filter((u) => u.department.length > 1);
    expect(multi.length).toBeGreaterThan(0);
    const offered: string[] = [];
    const org = await readOrganization(client(s, { maxInFlight: 4 }), {
      tags: false,
      // Members in several departments are offered once, including those the caller drops.
      keep: (m) => (offered.push(m.userid), m.department.length > 1 ? undefined : m.name.length),
    });
    expect(offered.sort()).toEqual(snap.users.map((u) => u.userid).sort());
    expect([...org.members.keys()].sort()).toEqual(
      snap.users
        .filter((u) => u.department.length === 1)
        .map((u) => u.userid)
        .sort(),
    );
    const one = snap.users.find((u) => u.department.length === 1)!;
    expect(org.members.get(one.userid)).toBe(one.name.length);
  });
});
