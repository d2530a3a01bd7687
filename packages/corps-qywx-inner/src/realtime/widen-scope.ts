import type { Knex } from 'knex';
import { ACTIVE, POOL_TABLE_NAMES as T, selectIn, type SyncScope, type SyncSource, type UpstreamOrg } from '@jitkit/corps';

type Scoped = Exclude<SyncScope, 'all'>;

/**
 * WeCom's rules for a targeted sync (the SyncSource hook `widenScope`, called by the engine).
 * A targeted sync (callback events) reads only what its events name. Before planning, it also
 * reads what a full sync would use to decide about those items, so both reach the same state
 * whatever order events came in:
 * - members of the pool with the mobile or email of a member new to the pool (a renamed userid
 *   shows up as a new member; reading the old userid tells whether it is gone);
 * - departments that members or departments refer to but the pool does not have yet (a
 *   member's event can arrive before its department's), up the tree until all are known;
 * - what WeCom changes without an event: the departments a member left or joined (their
 *   leader lists), and the members whose direct leader left or was renamed;
 * - every tag, when department memberships or the tree changed (roles from a tag's departments).
 */
export async function widenScope(
  db: Knex,
  corpId: number,
  source: SyncSource,
  scope: Scoped,
  upstream: UpstreamOrg,
  renames?: Map<string, string>,
): Promise<Scoped> {
  const members = new Set(scope.members ?? []);
  const depts = new Set(scope.depts ?? []);

  const upIds = upstream.members.map((m) => m.externalId);
  const bound = new Set(
    (await selectIn(upIds, (part) => db(T.bindings).where({ corp_id: corpId }).whereIn('upstream_id', part).select('upstream_id'))).map(
      (r) => r.upstream_id as string,
    ),
  );
  const newcomers = upstream.members.filter((m) => !bound.has(m.externalId));
  const mobiles = newcomers.map((m) => m.mobile).filter((x): x is string => !!x);
  const emails = newcomers.map((m) => m.email).filter((x): x is string => !!x);
  const candidateQuery = (column: string) => (part: string[]) =>
    db(`${T.members} as m`)
      .join(`${T.bindings} as b`, (j) => j.on('b.corp_id', 'm.corp_id').andOn('b.member_id', 'm.member_id'))
      .where({ 'm.corp_id': corpId, 'm.status': ACTIVE })
      .whereIn(`m.${column}`, part)
      .select('b.upstream_id');
  const candidates = [...(await selectIn(mobiles, candidateQuery('mobile'))), ...(await selectIn(emails, candidateQuery('email')))]
    .map((r) => r.upstream_id as string)
    .filter((id) => !members.has(id));
  if (candidates.length) {
    const more = await source.fetch({ members: [...new Set(candidates)] });
    upstream.members.push(...more.members);
    for (const id of candidates) members.add(id);
  }

  // Members whose direct leader is gone or renamed: WeCom rewrote their direct_leader silently.
  const present = new Set(upstream.members.map((m) => m.externalId));
  const departed = [...members].filter((id) => !present.has(id) || renames?.has(id));
  if (departed.length) {
    const subordinates = new Set<string>();
    for (const id of departed) {
      const pattern = `%"${id.replace(/[!%_]/g, (c) => `!${c}`)}"%`;
      const rows = await db(`${T.members} as m`)
        .join(`${T.bindings} as b`, (j) => j.on('b.corp_id', 'm.corp_id').andOn('b.member_id', 'm.member_id'))
        .where({ 'm.corp_id': corpId, 'm.status': ACTIVE })
        .whereRaw("m.direct_leaders LIKE ? ESCAPE '!'", [pattern])
        .select('b.upstream_id');
      for (const r of rows) if (!members.has(r.upstream_id)) subordinates.add(r.upstream_id);
    }
    if (subordinates.size) {
      const more = await source.fetch({ members: [...subordinates] });
      upstream.members.push(...more.members);
      for (const id of subordinates) members.add(id);
    }
  }

  // Departments whose leader lists WeCom may have rewritten: those a member of the scope joined or
  // left, or leads now and did not (or the reverse). A member whose departments and leader flags
  // are as the pool has them (most updates) costs no department read.
  const touched = await changedDepartments(db, corpId, [...members], upstream, renames);
  const have = new Set(upstream.depts.map((d) => d.externalId));
  const reread = [...touched.depts].filter((id) => !have.has(id) && !depts.has(id));
  if (reread.length) {
    const more = await source.fetch({ depts: reread });
    upstream.depts.push(...more.depts);
    for (const id of reread) depts.add(id);
  }

  // Roles from a tag's departments follow department membership: when memberships changed (or
  // the tree did), every tag is read again, once for the batch. Otherwise only tags named by events.
  let tags = scope.tags ?? [];
  if (tags !== 'all' && (touched.depts.size > 0 || touched.newcomers || depts.size > 0)) {
    const more = await source.fetch({ tags: 'all' });
    upstream.tags = more.tags;
    tags = 'all';
  }

  for (let round = 0; round < 16; round++) {
    const have = new Set(upstream.depts.map((d) => d.externalId));
    const wanted = new Set<string>();
    for (const m of upstream.members) for (const x of m.memberships) wanted.add(x.deptExternalId);
    for (const d of upstream.depts) if (d.parentExternalId) wanted.add(d.parentExternalId);
    const unknown = [...wanted].filter((id) => !have.has(id) && !depts.has(id));
    if (unknown.length === 0) break;
    const known = new Set(
      (
        await selectIn(unknown, (part) =>
          db(T.departments).where({ corp_id: corpId, status: ACTIVE }).whereIn('dept_id', part).select('dept_id'),
        )
      ).map((r) => r.dept_id as string),
    );
    const missing = unknown.filter((id) => !known.has(id));
    if (missing.length === 0) break;
    const more = await source.fetch({ depts: missing });
    upstream.depts.push(...more.depts);
    for (const id of missing) depts.add(id);
  }
  return { ...scope, members: [...members], depts: [...depts], tags };
}

/**
 * The departments where a scope member's membership differs between the pool and upstream
 * (joined, left, leader flag changed); every department of a member gone or renamed; and whether
 * any member is new to the pool.
 */
async function changedDepartments(
  db: Knex,
  corpId: number,
  upstreamIds: string[],
  upstream: UpstreamOrg,
  renames?: Map<string, string>,
): Promise<{ depts: Set<string>; newcomers: boolean }> {
  // One read: each member's binding and its departments as the pool has them.
  const byUpstream = new Map<string, string>();
  const local = new Map<string, Map<string, boolean>>();
  for (const r of await selectIn(upstreamIds, (part) =>
    db(`${T.bindings} as b`)
      .leftJoin(`${T.deptMembers} as d`, (j) => j.on('d.corp_id', 'b.corp_id').andOn('d.member_id', 'b.member_id'))
      .where('b.corp_id', corpId)
      .whereIn('b.upstream_id', part)
      .select('b.upstream_id', 'b.member_id', 'd.dept_id', 'd.is_leader'),
  )) {
    byUpstream.set(r.upstream_id as string, r.member_id as string);
    let m = local.get(r.member_id as string);
    if (!m) local.set(r.member_id as string, (m = new Map()));
    if (r.dept_id !== null) m.set(r.dept_id as string, Boolean(r.is_leader));
  }
  const depts = new Set<string>();
  let newcomers = false;
  const present = new Map(upstream.members.map((m) => [m.externalId, m]));
  for (const id of upstreamIds) {
    const memberId = byUpstream.get(id);
    const was = (memberId && local.get(memberId)) || new Map<string, boolean>();
    const now = present.get(id);
    if (!memberId && now) newcomers = true;
    if (!now || renames?.has(id)) {
      for (const d of was.keys()) depts.add(d);
      continue;
    }
    const is = new Map(now.memberships.map((x) => [x.deptExternalId, x.isLeader]));
    for (const [d, leader] of is) if (was.get(d) !== leader) depts.add(d);
    for (const d of was.keys()) if (!is.has(d)) depts.add(d);
  }
  return { depts, newcomers };
}
