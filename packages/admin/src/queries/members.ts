import type { Knex } from 'knex';
import { dialectOf } from '@jitkit/core';
import { POOL_TABLE_NAMES as T } from '@jitkit/corps';

export interface MemberHit {
  memberId: string;
  upstreamId: string | null;
  name: string;
  mobile: string | null;
  email: string | null;
  position: string | null;
  status: number;
}

/** `%`, `_` and `!` match themselves in a search, not as LIKE wildcards (`!` escapes: one character that needs no quoting in any dialect). */
const likeTerm = (q: string) => `%${q.replace(/[!%_]/g, (c) => `!${c}`)}%`;

/** The total is counted up to this; beyond it the page says "more than". */
export const COUNT_CAP = 1_000;

/**
 * Members matching `q` in their name, member id, upstream id, mobile or email (any part; case
 * folded where the database's LIKE folds it, ILIKE on PostgreSQL), optionally in one department;
 * a page of them, and the total up to COUNT_CAP (+1 means "more"). Filtering and paging read the
 * narrow `jk_members_search` index, not the member rows.
 */
export async function searchMembers(
  db: Knex,
  corpId: number,
  filter: { q?: string; deptId?: string; offset: number; limit: number },
): Promise<{ total: number; members: MemberHit[] }> {
  const like = dialectOf(db).name === 'postgres' ? 'ilike' : 'like';
  const matching = () => {
    const s = db(`${T.members} as m`).where('m.corp_id', corpId);
    if (filter.deptId) s.whereIn('m.member_id', db(T.deptMembers).where({ corp_id: corpId, dept_id: filter.deptId }).select('member_id'));
    const q = filter.q?.trim();
    if (q) {
      const term = likeTerm(q);
      const upstream = db(T.bindings)
        .where('corp_id', corpId)
        .andWhereRaw(`?? ${like} ? escape '!'`, ['upstream_id', term])
        .select('member_id');
      s.andWhere((w) => {
        for (const col of ['m.name', 'm.member_id', 'm.mobile', 'm.email']) w.orWhereRaw(`?? ${like} ? escape '!'`, [col, term]);
        w.orWhereIn('m.member_id', upstream);
      });
    }
    return s;
  };
  const rows = await matching()
    .leftJoin(`${T.bindings} as b`, (j) => j.on('b.corp_id', 'm.corp_id').andOn('b.member_id', 'm.member_id'))
    .orderBy([{ column: 'm.status' }, { column: 'm.name' }, { column: 'm.member_id' }])
    .offset(filter.offset)
    .limit(filter.limit)
    .select('m.member_id', 'b.upstream_id', 'm.name', 'm.mobile', 'm.email', 'm.position', 'm.status');
  // A first page that is not full is the whole answer: no second scan to count it.
  let n: number | string = rows.length;
  if (filter.offset > 0 || rows.length === filter.limit)
    [{ n }] = (await db
      .from(
        matching()
          .select('m.member_id')
          .limit(COUNT_CAP + 1)
          .as('c'),
      )
      .count({ n: '*' })) as { n: number | string }[];
  return {
    total: Number(n),
    members: rows.map((r) => ({
      memberId: r.member_id,
      upstreamId: r.upstream_id ?? null,
      name: r.name,
      mobile: r.mobile ?? null,
      email: r.email ?? null,
      position: r.position ?? null,
      status: Number(r.status),
    })),
  };
}

/** A member's roles with where each came from: a synced tag/role (`sync`) or set by hand (`manual`). */
export async function memberRoles(db: Knex, corpId: number, memberId: string): Promise<{ roleId: string; name: string; source: string }[]> {
  const rows = await db(`${T.roleMembers} as rm`)
    .join(`${T.roles} as r`, 'r.role_id', 'rm.role_id')
    .where({ 'rm.corp_id': corpId, 'rm.member_id': memberId })
    .orderBy(['r.name', 'rm.source'])
    .select('r.role_id', 'r.name', 'rm.source');
  return rows.map((r) => ({ roleId: r.role_id, name: r.name, source: r.source }));
}
