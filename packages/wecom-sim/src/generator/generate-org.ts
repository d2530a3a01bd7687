import { createHash } from 'node:crypto';
import { MAX_DEPTH, ROOT_DEPT_ID, type SimDepartment, type SimTag, type SimUser } from '../org/model.js';
import { seededRandom } from '@jitkit/sim-kit';
import { CITIES, ENGLISH_FIRST, ENGLISH_LAST, GIVEN, POSITIONS, SUB_UNITS, SURNAMES, TAG_NAMES, TOP_UNITS } from '@jitkit/sim-kit';

export interface GenerateOrgOptions {
  users: number;
  depts: number;
  tags?: number;
  seed?: number;
  corpName?: string;
  /** Mail domain of generated members. */
  domain?: string;
}

export interface GeneratedOrg {
  depts: SimDepartment[];
  users: SimUser[];
  tags: SimTag[];
}

const MOBILE_PREFIXES = ['130', '131', '135', '136', '138', '139', '150', '158', '186', '188'];

/**
 * A deterministic org: the same options give the same org. Departments form a tree up to 15
 * deep with sibling-unique names; about one member in ten is in two or three departments; each
 * department with members has a leader, who is the direct leader of the others.
 */
export function generateOrg(options: GenerateOrgOptions): GeneratedOrg {
  const rand = seededRandom(options.seed ?? 1);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const domain = options.domain ?? 'example.com';

  // Departments: parents chosen among the recent ones half the time, so the tree gets deep.
  const depts: SimDepartment[] = [{ id: ROOT_DEPT_ID, name: options.corpName ?? '示例科技有限公司', parentid: 0, order: 100_000_000 }];
  const depth = new Map<number, number>([[ROOT_DEPT_ID, 1]]);
  const childNames = new Map<number, Set<string>>();
  const eligible: number[] = [ROOT_DEPT_ID];
  for (let id = 2; id <= options.depts; id++) {
    const recent = eligible.slice(-30);
    const parentid = id <= 1 + TOP_UNITS.length / 2 ? ROOT_DEPT_ID : rand() < 0.5 ? pick(recent) : pick(eligible);
    const names = childNames.get(parentid) ?? new Set<string>();
    childNames.set(parentid, names);
    const base = parentid === ROOT_DEPT_ID ? pick(TOP_UNITS) : rand() < 0.7 ? pick(SUB_UNITS) : `第${1 + Math.floor(rand() * 20)}组`;
    let name = base;
    for (let k = 2; names.has(name); k++) name = `${base}${k}`;
    names.add(name);
    const d = depth.get(parentid)! + 1;
    depth.set(id, d);
    depts.push({ id, name, parentid, order: Math.floor(rand() * 100_000), ...(rand() < 0.2 ? { name_en: `Dept ${id}` } : {}) });
    if (d < MAX_DEPTH) eligible.push(id);
  }
  const deptIds = depts.map((d) => d.id);

  // Members.
  const taken = new Set<string>();
  const unique = (base: string) => {
    let id = base;
    for (let k = 2; taken.has(id.toLowerCase()); k++) id = `${base}${k}`;
    taken.add(id.toLowerCase());
    return id;
  };
  const users: SimUser[] = [];
  const leaderOf = new Map<number, SimUser>();
  for (let i = 0; i < options.users; i++) {
    let name: string;
    let userid: string;
    let english = '';
    if (rand() < 0.12) {
      const first = pick(ENGLISH_FIRST);
      const last = pick(ENGLISH_LAST);
      name = `${first} ${last}`;
      userid = unique(`${first}.${last}`.toLowerCase());
      english = name;
    } else {
      const [sc, sp] = pick(SURNAMES);
      const g1 = pick(GIVEN);
      const g2 = rand() < 0.65 ? pick(GIVEN) : undefined;
      name = sc + g1[0] + (g2?.[0] ?? '');
      userid = unique(sp + g1[1] + (g2?.[1] ?? ''));
      if (rand() < 0.2) english = pick(ENGLISH_FIRST);
    }
    const main = i < 5 ? ROOT_DEPT_ID : pick(deptIds);
    const department = [main];
    const extra = rand();
    if (extra < 0.1) department.push(pick(deptIds));
    if (extra < 0.02) department.push(pick(deptIds));
    const dedup = [...new Set(department)];
    const status = (rand() < 0.95 ? 1 : rand() < 0.6 ? 4 : 2) as SimUser['status'];
    const hash = createHash('md5')
      .update(`${options.seed ?? 1}:${userid}`)
      .digest('hex');
    const user: SimUser = {
      userid,
      name,
      department: dedup,
      order: dedup.map(() => Math.floor(rand() * 10_000)),
      is_leader_in_dept: dedup.map(() => 0),
      main_department: main,
      position: pick(POSITIONS),
      alias: '',
      telephone: rand() < 0.3 ? `021-${String(60_000_000 + Math.floor(rand() * 9_999_999))}` : '',
      english_name: english,
      direct_leader: [],
      mobile: `${MOBILE_PREFIXES[i % MOBILE_PREFIXES.length]}${String((i * 7919 + 1234) % 100_000_000).padStart(8, '0')}`,
      email: `${userid.toLowerCase()}@${domain}`,
      biz_mail: rand() < 0.5 ? `${userid.toLowerCase()}@biz.${domain}` : '',
      avatar: `https://wework.qpic.cn/wwpic/${hash}/0`,
      thumb_avatar: `https://wework.qpic.cn/wwpic/${hash}/100`,
      qr_code: `https://open.work.weixin.qq.com/wwopen/userQRCode?vcode=${hash.slice(0, 16)}`,
      address: pick(CITIES),
      gender: rand() < 0.5 ? '1' : '2',
      status,
      enable: status === 2 ? 0 : 1,
      extattr: { attrs: [{ type: 0, name: '工号', text: { value: `E${100_000 + i}` } }] },
      wechatBound: rand() < 0.8,
    };
    dedup.forEach((d, k) => {
      if (!leaderOf.has(d)) {
        leaderOf.set(d, user);
        user.is_leader_in_dept[k] = 1;
      }
    });
    users.push(user);
  }
  for (const u of users) {
    const leader = leaderOf.get(u.main_department);
    if (leader && leader !== u) u.direct_leader = [leader.userid];
  }

  // Tags: a few percent of members each (at most 1,000), sometimes a department or two.
  const tags: SimTag[] = [];
  const tagCount = options.tags ?? Math.min(TAG_NAMES.length, 10);
  for (let t = 1; t <= tagCount; t++) {
    const tag: SimTag = {
      tagid: t,
      tagname: TAG_NAMES[(t - 1) % TAG_NAMES.length]! + (t > TAG_NAMES.length ? t : ''),
      users: new Set(),
      parties: new Set(),
    };
    const n = Math.min(1000, Math.ceil(users.length * (0.005 + rand() * 0.02)));
    for (let k = 0; k < n && users.length; k++) tag.users.add(pick(users).userid.toLowerCase());
    if (rand() < 0.3 && deptIds.length > 1) tag.parties.add(pick(deptIds.slice(1)));
    tags.push(tag);
  }
  return { depts, users, tags };
}
