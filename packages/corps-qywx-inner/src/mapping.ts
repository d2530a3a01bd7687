import type { MappingSourceSpec, UpstreamDept, UpstreamMember, UpstreamTag } from '@jitkit/corps';
import type { OrgTag, WeComDepartment, WeComMember } from '@jitkit/wecom';

/** WeCom's status 5: the member left the corp. Such a member is not part of the org. */
export const WECOM_LEFT = 5;

export function deptFromWeCom(d: WeComDepartment): UpstreamDept {
  return {
    externalId: String(d.id),
    name: d.name,
    ...(d.name_en ? { nameEn: d.name_en } : {}),
    parentExternalId: d.parentid === 0 ? null : String(d.parentid),
    order: d.order ?? 0,
    leaders: d.department_leader ?? [],
  };
}

/** The default mapping of a WeCom member; a Type override may change it (see QywxInnerType.mapMember). */
export function memberFromWeCom(m: WeComMember): UpstreamMember {
  const status = m.status ?? 1;
  return {
    externalId: m.userid,
    name: m.name,
    position: m.position ?? '',
    ...(m.mobile ? { mobile: m.mobile } : {}),
    ...(m.email || m.biz_mail ? { email: m.email || m.biz_mail } : {}),
    ...(m.avatar ? { avatar: m.avatar } : {}),
    ...(m.gender !== undefined ? { gender: m.gender } : {}),
    alias: m.alias ?? '',
    englishName: m.english_name ?? '',
    telephone: m.telephone ?? '',
    upstreamStatus: status,
    enabled: m.enable !== 0 && status !== 2,
    memberships: m.department.map((d, i) => ({
      deptExternalId: String(d),
      isLeader: m.is_leader_in_dept?.[i] === 1,
      order: m.order?.[i] ?? 0,
    })),
    ...(m.main_department !== undefined ? { mainDeptExternalId: String(m.main_department) } : {}),
    directLeaders: m.direct_leader ?? [],
    ...(m.extattr?.attrs?.length ? { extAttrs: m.extattr.attrs } : {}),
  };
}

export function tagFromWeCom(t: OrgTag): UpstreamTag {
  return { externalId: String(t.tagid), name: t.tagname, memberExternalIds: t.userids, deptExternalIds: t.partyIds.map(String) };
}

/** What a config `mapping` may read from a WeCom member: its own fields, and `extattr.<name>` custom fields. */
export const WECOM_MEMBER_SOURCE: MappingSourceSpec = {
  upstream: 'WeCom',
  fields: [
    'userid',
    'name',
    'english_name',
    'alias',
    'position',
    'mobile',
    'email',
    'biz_mail',
    'telephone',
    'gender',
    'address',
    'avatar',
    'department',
    'main_department',
    'status',
    'open_userid',
  ],
  open: ['extattr'],
};

/** A WeCom member as a mapping reads it: its fields, and extattr as `{ 工号: "E001", 主页: "https://…" }`. */
export function weComMemberRecord(m: WeComMember): Record<string, unknown> {
  const extattr: Record<string, string> = {};
  for (const a of m.extattr?.attrs ?? []) {
    const value = a.text?.value ?? a.web?.url;
    if (value !== undefined) extattr[a.name] = value;
  }
  return { ...m, extattr };
}
