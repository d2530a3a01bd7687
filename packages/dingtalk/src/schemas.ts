import { Ajv, type ValidateFunction } from 'ajv';
import { protocolError } from './errors.js';

const str = { type: 'string' } as const;
const int = { type: 'integer' } as const;
const bool = { type: 'boolean' } as const;
const ints = { type: 'array', items: int } as const;
const strs = { type: 'array', items: str } as const;
const obj = (required: string[], properties: Record<string, unknown>) => ({ type: 'object', required, properties });
/** A legacy answer's payload sits under `result`. */
const result = (schema: object) => obj(['result'], { result: schema });

const deptBrief = obj(['dept_id', 'name'], { dept_id: int, name: str, parent_id: int, create_dept_group: bool, auto_add_user: bool });
const dept = obj(['dept_id', 'name'], {
  dept_id: int,
  name: str,
  parent_id: int,
  order: int,
  source_identifier: str,
  dept_manager_userid_list: strs,
  member_count: int,
});

const member = obj(['userid', 'name'], {
  userid: str,
  unionid: str,
  name: str,
  title: str,
  job_number: str,
  telephone: str,
  hide_mobile: bool,
  avatar: str,
  mobile: str,
  state_code: str,
  email: str,
  org_email: str,
  work_place: str,
  remark: str,
  extension: str,
  dept_id_list: ints,
  dept_order_list: { type: 'array', items: obj(['dept_id', 'order'], { dept_id: int, order: int }) },
  leader_in_dept: { type: 'array', items: obj(['dept_id', 'leader'], { dept_id: int, leader: bool }) },
  dept_order: int,
  leader: bool,
  hired_date: int,
  active: bool,
  admin: bool,
  boss: bool,
  manager_userid: str,
  role_list: { type: 'array', items: obj(['id', 'name'], { id: int, name: str, group_name: str }) },
});

const page = (item: object) =>
  result(obj(['has_more', 'list'], { has_more: bool, next_cursor: int, list: { type: 'array', items: item } }));

/** Every answer this client reads, checked before use: a missing or mistyped field names the API and the field. */
export const RESPONSE_SCHEMAS: Record<string, object> = {
  gettoken: obj(['access_token', 'expires_in'], { access_token: { type: 'string', minLength: 1, maxLength: 512 }, expires_in: int }),
  'v2/department/listsub': result({ type: 'array', items: deptBrief }),
  'v2/department/listsubid': result(obj(['dept_id_list'], { dept_id_list: ints })),
  'v2/department/get': result(dept),
  'v2/user/list': page(member),
  'user/listsimple': page(obj(['userid', 'name'], { userid: str, name: str })),
  'user/listid': result(obj(['userid_list'], { userid_list: strs })),
  'v2/user/get': result(member),
  'user/count': result(obj(['count'], { count: int })),
  'v2/user/getbymobile': result(obj(['userid'], { userid: str })),
  'user/getbyunionid': result(obj(['userid'], { contact_type: int, userid: str })),
  'v2/user/getuserinfo': result(obj(['userid'], { userid: str, unionid: str, name: str, sys: bool, sys_level: int })),
  'role/list': result(
    obj(['hasMore', 'list'], {
      hasMore: bool,
      list: {
        type: 'array',
        items: obj(['groupId', 'name'], {
          groupId: int,
          name: str,
          roles: { type: 'array', items: obj(['id', 'name'], { id: int, name: str }) },
        }),
      },
    }),
  ),
  'role/simplelist': result(
    obj(['hasMore', 'list'], { hasMore: bool, list: { type: 'array', items: obj(['userid'], { userid: str, name: str }) } }),
  ),
  // v1.0 family (bare camelCase bodies)
  'v1.0/oauth2/accessToken': obj(['accessToken', 'expireIn'], { accessToken: str, expireIn: int }),
  'v1.0/oauth2/userAccessToken': obj(['accessToken', 'expireIn'], { accessToken: str, refreshToken: str, expireIn: int, corpId: str }),
  'v1.0/contact/users/me': obj(['unionId'], {
    nick: str,
    avatarUrl: str,
    mobile: str,
    openId: str,
    unionId: str,
    email: str,
    stateCode: str,
  }),
  'v1.0/gateway/connections/open': obj(['endpoint', 'ticket'], { endpoint: str, ticket: str }),
};

const envelope = obj(['errcode'], { errcode: int, errmsg: str, sub_code: str, sub_msg: str });

const ajv = new Ajv({ allErrors: false, strict: false });
const compiled = new Map<string, ValidateFunction>();

function check(api: string, name: string, schema: object, body: unknown): void {
  let validate = compiled.get(name);
  if (!validate) compiled.set(name, (validate = ajv.compile(schema)));
  if (validate(body)) return;
  const e = validate.errors![0]!;
  const field =
    e.keyword === 'required' ? `${e.instancePath}/${(e.params as { missingProperty: string }).missingProperty}` : e.instancePath || '/';
  throw protocolError(api, `unexpected answer: field ${field} ${e.keyword === 'required' ? 'is missing' : e.message}`, { field });
}

/** `{errcode: int, errmsg?, sub_code?}`: what every legacy answer must at least be. */
export function checkEnvelope(
  api: string,
  body: unknown,
): asserts body is { errcode: number; errmsg?: string; sub_code?: string; sub_msg?: string } {
  check(api, '#envelope', envelope, body);
}

export function checkPayload(api: string, body: unknown): void {
  const schema = RESPONSE_SCHEMAS[api];
  if (schema) check(api, api, schema, body);
}
