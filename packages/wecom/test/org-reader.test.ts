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
});
