import type { Knex } from 'knex';
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
const likeTerm = (q: string) => `%${q.toLowerCase().replace(/[!%_]/g, (c) => `!${c}`)}%`;

/**
 * Members matching `q` in their name, member id, upstream id, mobile or email (any part, any
 * case where the database folds it), optionally in one department; a page of them and the total.
 */
export async function searchMembers(
  db: Knex,
  corpId: number,
  filter: { q?: string; deptId?: string; offset: number; limit: number },
): Promise<{ total: number; members: MemberHit[] }> {
  const base = () => {
    const s = db(`${T.members} as m`)
      .leftJoin(`${T.bindings} as b`, (j) => j.on('b.corp_id', 'm.corp_id').andOn('b.member_id', 'm.member_id'))
      .where('m.corp_id', corpId);
    if (filter.deptId) s.whereIn('m.member_id', db(T.deptMembers).where({ corp_id: corpId, dept_id: filter.deptId }).select('member_id'));
    const q = filter.q?.trim();
    if (q) {
      const term = likeTerm(q);
      s.andWhere((w) => {
        for (const col of ['m.name', 'm.member_id', 'b.upstream_id', 'm.mobile', 'm.email'])
          w.orWhereRaw(`lower(??) like ? escape '!'`, [col, term]);
      });
    }
    return s;
  };
  const [{ n }] = (await base().count({ n: '*' })) as { n: number | string }[];
  const rows = await base()
    .orderBy([{ column: 'm.status' }, { column: 'm.name' }, { column: 'm.member_id' }])
    .offset(filter.offset)
    .limit(filter.limit)
    .select('m.member_id', 'b.upstream_id', 'm.name', 'm.mobile', 'm.email', 'm.position', 'm.status');
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
