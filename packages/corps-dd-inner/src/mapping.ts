import type { MappingSourceSpec, UpstreamDept, UpstreamMember, UpstreamTag } from '@jitkit/corps';
import type { DingTalkDept, DingTalkMember, DingTalkOrgMember, DingTalkOrgRole } from '@jitkit/dingtalk';

/**
 * The pool's `upstream_status` for a DingTalk member, in WeCom's numbers so reports read alike
 * across Types: 1 active, 4 added but never activated DingTalk (`active: false`).
 */
export const DINGTALK_ACTIVE = 1;
export const DINGTALK_NOT_ACTIVATED = 4;

export function deptFromDingTalk(d: DingTalkDept): UpstreamDept {
  return {
    externalId: String(d.dept_id),
    name: d.name,
    parentExternalId: d.parent_id === undefined || d.dept_id === 1 ? null : String(d.parent_id),
    order: d.order ?? 0,
    leaders: d.dept_manager_userid_list ?? [],
  };
}

/** Per department: order and leader flag, from a list read (memberships) or a `get` (the per-department lists). */
function membershipsOf(m: DingTalkMember | DingTalkOrgMember) {
  if ('memberships' in m && Array.isArray(m.memberships))
    return m.memberships.map((x) => ({ deptExternalId: String(x.deptId), isLeader: x.leader, order: x.order }));
  return (m.dept_id_list ?? []).map((id) => ({
    deptExternalId: String(id),
    isLeader: m.leader_in_dept?.find((x) => x.dept_id === id)?.leader ?? false,
    order: m.dept_order_list?.find((x) => x.dept_id === id)?.order ?? 0,
  }));
}

/**
 * The default mapping of a DingTalk member; a Type override may change it (DDInnerType.mapMember).
 * Only fields that `v2/user/list` and `v2/user/get` both return are used, so a full sync and an
 * event's re-read of an unchanged member agree (no manager_userid, no role_list: roles come from
 * the role APIs). Departments: the first of dept_id_list is the main one.
 */
export function memberFromDingTalk(m: DingTalkMember | DingTalkOrgMember): UpstreamMember {
  const memberships = membershipsOf(m).sort((a, b) => (a.deptExternalId < b.deptExternalId ? -1 : 1));
  let extension: unknown;
  try {
    extension = m.extension ? JSON.parse(m.extension) : undefined;
  } catch {
    extension = m.extension;
  }
  const attrs = {
    ...(m.job_number ? { jobNumber: m.job_number } : {}),
    ...(m.hired_date ? { hiredDate: m.hired_date } : {}),
    ...(m.work_place ? { workPlace: m.work_place } : {}),
    ...(extension !== undefined ? { extension } : {}),
  };
  const active = m.active !== false;
  return {
    externalId: m.userid,
    name: m.name,
    position: m.title ?? '',
    ...(m.mobile ? { mobile: m.mobile } : {}),
    ...(m.email || m.org_email ? { email: m.email || m.org_email } : {}),
    ...(m.avatar ? { avatar: m.avatar } : {}),
    alias: '',
    englishName: '',
    telephone: m.telephone ?? '',
    upstreamStatus: active ? DINGTALK_ACTIVE : DINGTALK_NOT_ACTIVATED,
    // An unactivated member is listed but cannot log in until user_active_org.
    enabled: active,
    memberships,
    ...(m.dept_id_list?.length ? { mainDeptExternalId: String(m.dept_id_list[0]) } : {}),
    directLeaders: [],
    ...(Object.keys(attrs).length ? { extAttrs: attrs } : {}),
  };
}

/** A DingTalk role becomes a synced pool role (as a WeCom tag does); its name says its group. */
export function roleAsTag(r: DingTalkOrgRole): UpstreamTag {
  return { externalId: String(r.id), name: `${r.groupName}/${r.name}`, memberExternalIds: r.userids, deptExternalIds: [] };
}

/**
 * What a config `mapping` may read from a DingTalk member: the fields both `v2/user/list` and
 * `v2/user/get` return (so an event's re-read maps like a full sync), and `extension.<name>`
 * custom fields.
 */
export const DINGTALK_MEMBER_SOURCE: MappingSourceSpec = {
  upstream: 'DingTalk',
  fields: [
    'userid',
    'unionid',
    'name',
    'title',
    'job_number',
    'mobile',
    'telephone',
    'email',
    'org_email',
    'work_place',
    'remark',
    'hired_date',
    'avatar',
  ],
  open: ['extension'],
};

/** A DingTalk member as a mapping reads it: its fields, and extension (a JSON string upstream) as an object. */
export function dingTalkMemberRecord(m: DingTalkMember | DingTalkOrgMember): Record<string, unknown> {
  let extension: Record<string, unknown> = {};
  try {
    const parsed: unknown = m.extension ? JSON.parse(m.extension) : {};
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) extension = parsed as Record<string, unknown>;
  } catch {
    // Not JSON: no custom fields to read.
  }
  return { ...m, extension };
}
