import { createHash } from 'node:crypto';
import { ENGLISH_FIRST, GIVEN, POSITIONS, seededRandom, SUB_UNITS, SURNAMES, TOP_UNITS } from '@jitkit/sim-kit';
import { ROOT_DEPT_ID, type DtDept, type DtRole, type DtRoleGroup, type DtUser } from './model.js';

export interface GenerateDtOrgOptions {
  users: number;
  depts: number;
  /** Roles besides the default group's 主管理员/子管理员/负责人/主管. */
  roles?: number;
  seed?: number;
  corpName?: string;
  domain?: string;
  /** People to staff the org with first (name and mobile), e.g. another emulator's: the same persons in two organisations. */
  people?: { name: string; mobile: string }[];
}

export interface GeneratedDtOrg {
  depts: DtDept[];
  users: DtUser[];
  groups: DtRoleGroup[];
  roles: DtRole[];
}

const MOBILE_PREFIXES = ['130', '131', '135', '136', '138', '139', '150', '158', '186', '188'];

/**
 * The mobile of generated person i: the same formula as the WeCom emulator's, so person i of a
 * DingTalk org and person i of a WeCom org generated alike are one person (one mobile) in the pool.
 */
export const mobileOf = (i: number) =>
  `${MOBILE_PREFIXES[i % MOBILE_PREFIXES.length]}${String((i * 7919 + 1234) % 100_000_000).padStart(8, '0')}`;

/**
 * A deterministic DingTalk org: the same options give the same org. A tree of departments named
 * uniquely among siblings (no `-` or `,`, as DingTalk requires), members in one to three of them,
 * the first member of each department its manager, a few unactivated members, role groups.
 */
export function generateDtOrg(options: GenerateDtOrgOptions): GeneratedDtOrg {
  const rand = seededRandom(options.seed ?? 1);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const domain = options.domain ?? 'example.com';
  const depts: DtDept[] = [
    { dept_id: ROOT_DEPT_ID, name: options.corpName ?? '示例钉钉科技有限公司', order: 0, dept_manager_userid_list: [] },
  ];
  const childNames = new Map<number, Set<string>>();
  const ids: number[] = [ROOT_DEPT_ID];
  for (let id = 2; id <= options.depts; id++) {
    const parent = id <= 1 + TOP_UNITS.length / 2 ? ROOT_DEPT_ID : rand() < 0.5 ? pick(ids.slice(-30)) : pick(ids);
    const names = childNames.get(parent) ?? new Set<string>();
    childNames.set(parent, names);
    const base = parent === ROOT_DEPT_ID ? pick(TOP_UNITS) : rand() < 0.7 ? pick(SUB_UNITS) : `第${1 + Math.floor(rand() * 20)}组`;
    let name = base;
    for (let k = 2; names.has(name); k++) name = `${base}${k}`;
    names.add(name);
    depts.push({ dept_id: id, name, parent_id: parent, order: Math.floor(rand() * 100_000), dept_manager_userid_list: [] });
    ids.push(id);
  }
  const byId = new Map(depts.map((d) => [d.dept_id, d]));
  const taken = new Set<string>();
  const users: DtUser[] = [];
  for (let i = 0; i < options.users; i++) {
    const [sc, sp] = pick(SURNAMES);
    const g1 = pick(GIVEN);
    const g2 = rand() < 0.65 ? pick(GIVEN) : undefined;
    let userid = `dt${sp}${g1[1]}${g2?.[1] ?? ''}`;
    for (let k = 2; taken.has(userid); k++) userid = `dt${sp}${g1[1]}${g2?.[1] ?? ''}${k}`;
    taken.add(userid);
    const main = i < 5 ? ROOT_DEPT_ID : pick(ids);
    const extra = rand();
    const deptIds = [...new Set([main, ...(extra < 0.1 ? [pick(ids)] : []), ...(extra < 0.02 ? [pick(ids)] : [])])];
    const hash = createHash('md5')
      .update(`${options.seed ?? 1}:${userid}`)
      .digest('hex');
    const user: DtUser = {
      userid,
      unionid: `union${hash.slice(0, 20)}`,
      name: options.people?.[i]?.name ?? sc + g1[0] + (g2?.[0] ?? ''),
      title: pick(POSITIONS),
      job_number: `D${100_000 + i}`,
      mobile: options.people?.[i]?.mobile ?? mobileOf(i),
      email: `${userid}@${domain}`,
      ...(rand() < 0.7 ? { avatar: `https://static-legacy.dingtalk.com/media/${hash}.jpg` } : {}),
      ...(rand() < 0.3 ? { telephone: `010-${String(60_000_000 + Math.floor(rand() * 9_999_999))}` } : {}),
      dept_id_list: deptIds,
      dept_order_list: deptIds.map((d) => ({ dept_id: d, order: Math.floor(rand() * 10_000) })),
      leader_in_dept: deptIds.map((d) => ({ dept_id: d, leader: false })),
      hired_date: 1_500_000_000_000 + Math.floor(rand() * 200_000_000_000),
      active: rand() < 0.96,
      admin: i === 0,
      boss: i === 0,
    };
    for (const l of user.leader_in_dept) {
      const d = byId.get(l.dept_id)!;
      if (d.dept_manager_userid_list.length === 0) {
        d.dept_manager_userid_list.push(userid);
        l.leader = true;
      }
    }
    if (rand() < 0.15) user.title = `${pick(ENGLISH_FIRST)} ${user.title}`;
    users.push(user);
  }
  for (const u of users) {
    const manager = byId.get(u.dept_id_list[0]!)!.dept_manager_userid_list[0];
    if (manager && manager !== u.userid) u.manager_userid = manager;
  }
  const groups: DtRoleGroup[] = [
    { groupId: 1, name: '默认' },
    { groupId: 2, name: '职务' },
  ];
  const roles: DtRole[] = ['主管理员', '子管理员', '负责人', '主管'].map((name, k) => ({
    id: k + 1,
    name,
    groupId: 1,
    userids: new Set<string>(),
  }));
  if (users[0]) roles[0]!.userids.add(users[0].userid);
  for (let r = 0; r < (options.roles ?? 4); r++) {
    const role: DtRole = { id: 100 + r, name: `${pick(POSITIONS)}${r + 1}`, groupId: 2, userids: new Set() };
    const n = Math.min(300, Math.ceil(users.length * (0.005 + rand() * 0.01)));
    for (let k = 0; k < n && users.length; k++) role.userids.add(pick(users).userid);
    roles.push(role);
  }
  return { depts, users, groups, roles };
}
