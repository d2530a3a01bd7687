import type { Org } from '../org/org.js';
import { seededRandom } from '@jitkit/sim-kit';
import { POSITIONS } from '@jitkit/sim-kit';

export interface MutationReport {
  positions: number;
  moves: number;
  renames: number;
  removed: number;
  added: number;
}

/**
 * Changes a share of the members as an admin would in the WeCom console (events are sent):
 * mostly new positions, some department moves and renames, a few leave and a few join.
 */
export function mutateMembers(org: Org, { share, seed }: { share: number; seed: number }): MutationReport {
  const rand = seededRandom(seed);
  const users = [...org.users.values()];
  const deptIds = [...org.depts.keys()];
  const n = Math.round(users.length * share);
  const report: MutationReport = { positions: 0, moves: 0, renames: 0, removed: 0, added: 0 };
  const chosen = new Set<number>();
  while (chosen.size < Math.min(n, users.length)) chosen.add(Math.floor(rand() * users.length));
  for (const i of chosen) {
    const u = users[i]!;
    const r = rand();
    if (org.creatorUserid && u.userid === org.creatorUserid) continue;
    if (r < 0.6) {
      const position = POSITIONS[Math.floor(rand() * POSITIONS.length)]!;
      org.updateUser({ userid: u.userid, position: position === u.position ? `${position}（调岗）` : position }, 'console');
      report.positions++;
    } else if (r < 0.8) {
      const to = deptIds[Math.floor(rand() * deptIds.length)]!;
      if (u.department.includes(to)) continue;
      org.updateUser({ userid: u.userid, department: [to], main_department: to }, 'console');
      report.moves++;
    } else if (r < 0.9) {
      org.updateUser({ userid: u.userid, name: `${u.name}${rand() < 0.5 ? '（新）' : 'A'}` }, 'console');
      report.renames++;
    } else if (r < 0.95) {
      org.deleteUser(u.userid, 'console');
      report.removed++;
    } else {
      const dept = deptIds[Math.floor(rand() * deptIds.length)]!;
      let userid = `newhire${seed}x${i}`;
      for (let k = 2; org.user(userid); k++) userid = `newhire${seed}x${i}v${k}`;
      org.createUser({ userid, name: `新员工${i}`, department: [dept], position: '实习生', status: 1 }, 'console');
      report.added++;
    }
  }
  return report;
}
