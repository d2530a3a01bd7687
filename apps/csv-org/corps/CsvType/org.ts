import type { UpstreamDept, UpstreamMember, UpstreamOrg } from '@jitkit/corps';
import { JitError } from '@jitkit/core';

export type DeptRow = Record<'id' | 'name' | 'parentId', string>;
export type MemberRow = Record<'userid' | 'name' | 'departments' | 'mobile' | 'email' | 'position', string>;

/** The CSV rows as the engine's UpstreamOrg: departments, members (in one or more departments), no tags. */
export function orgFromRows(depts: DeptRow[], members: MemberRow[], where: { departments: string; members: string }): UpstreamOrg {
  const ids = new Set(depts.map((d) => d.id));
  const roots = depts.filter((d) => d.parentId === '');
  if (roots.length !== 1)
    throw new JitError(
      'CONFIG_INVALID',
      `${where.departments}: exactly one department must have no parentId (the root), found ${roots.length}`,
    );
  for (const d of depts) {
    if (d.parentId !== '' && !ids.has(d.parentId))
      throw new JitError('CONFIG_INVALID', `${where.departments}: department ${d.id} names parent ${d.parentId}, which is not in the file`);
  }
  const upDepts: UpstreamDept[] = depts.map((d, i) => ({
    externalId: d.id,
    name: d.name,
    parentExternalId: d.parentId || null,
    order: i,
    leaders: [],
  }));
  const upMembers: UpstreamMember[] = members.map((m) => {
    const deptIds = m.departments
      .split(/[;|]/)
      .map((s) => s.trim())
      .filter(Boolean);
    const unknown = deptIds.filter((id) => !ids.has(id));
    if (!deptIds.length || unknown.length)
      throw new JitError(
        'CONFIG_INVALID',
        `${where.members}: member ${m.userid} is in ${unknown.length ? `unknown department(s) ${unknown.join(', ')}` : 'no department'}`,
      );
    return {
      externalId: m.userid,
      name: m.name,
      position: m.position,
      ...(m.mobile ? { mobile: m.mobile } : {}),
      ...(m.email ? { email: m.email } : {}),
      upstreamStatus: 1,
      enabled: true,
      memberships: deptIds.map((id, order) => ({ deptExternalId: id, isLeader: false, order })),
      mainDeptExternalId: deptIds[0],
      directLeaders: [],
    };
  });
  return { depts: upDepts, members: upMembers, tags: [] };
}
