import { Ajv, type ValidateFunction } from 'ajv';
import { protocolError } from './errors.js';

const str = { type: 'string' } as const;
const int = { type: 'integer' } as const;
const ints = { type: 'array', items: int } as const;
const strs = { type: 'array', items: str } as const;

const department = {
  type: 'object',
  required: ['id', 'name', 'parentid'],
  properties: { id: int, name: str, name_en: str, department_leader: strs, parentid: int, order: int },
} as const;

const member = {
  type: 'object',
  required: ['userid', 'name', 'department'],
  properties: {
    userid: str,
    name: str,
    department: ints,
    order: ints,
    is_leader_in_dept: ints,
    main_department: int,
    position: str,
    alias: str,
    telephone: str,
    english_name: str,
    direct_leader: strs,
    mobile: str,
    email: str,
    biz_mail: str,
    avatar: str,
    thumb_avatar: str,
    qr_code: str,
    address: str,
    gender: str,
    status: int,
    enable: int,
    extattr: {
      type: 'object',
      properties: { attrs: { type: 'array', items: { type: 'object', required: ['name'], properties: { type: int, name: str } } } },
    },
    open_userid: str,
  },
} as const;

const obj = (required: string[], properties: Record<string, unknown>) => ({ type: 'object', required, properties });

/** The success payload of every API, checked before use (the envelope is checked apart). */
export const RESPONSE_SCHEMAS: Record<string, object> = {
  gettoken: obj(['access_token', 'expires_in'], { access_token: { type: 'string', minLength: 1, maxLength: 512 }, expires_in: int }),
  'department/list': obj(['department'], { department: { type: 'array', items: department } }),
  'department/simplelist': obj(['department_id'], {
    department_id: { type: 'array', items: obj(['id', 'parentid'], { id: int, parentid: int, order: int }) },
  }),
  'department/get': obj(['department'], { department }),
  'department/create': obj(['id'], { id: int }),
  'user/get': member,
  'user/list': obj(['userlist'], { userlist: { type: 'array', items: member } }),
  'user/simplelist': obj(['userlist'], {
    userlist: {
      type: 'array',
      items: obj(['userid', 'name', 'department'], { userid: str, name: str, department: ints, open_userid: str }),
    },
  }),
  'user/list_id': obj(['next_cursor', 'dept_user'], {
    next_cursor: str,
    dept_user: { type: 'array', items: obj(['userid', 'department'], { userid: str, department: int }) },
  }),
  'user/convert_to_openid': obj(['openid'], { openid: str }),
  'tag/list': obj(['taglist'], { taglist: { type: 'array', items: obj(['tagid', 'tagname'], { tagid: int, tagname: str }) } }),
  'tag/get': obj(['tagname', 'userlist'], {
    tagname: str,
    userlist: { type: 'array', items: obj(['userid'], { userid: str, name: str }) },
    partylist: ints,
  }),
  'tag/create': obj(['tagid'], { tagid: int }),
  'tag/addtagusers': obj([], { invalidlist: str, invalidparty: ints }),
  'tag/deltagusers': obj([], { invalidlist: str, invalidparty: ints }),
  'auth/getuserinfo': {
    type: 'object',
    anyOf: [{ required: ['userid'] }, { required: ['openid'] }],
    properties: { userid: str, user_ticket: str, expires_in: int, openid: str, external_userid: str },
  },
  'auth/getuserdetail': obj(['userid'], {
    userid: str,
    gender: str,
    avatar: str,
    qr_code: str,
    mobile: str,
    email: str,
    biz_mail: str,
    address: str,
  }),
  'user/getuserinfo': { type: 'object', properties: { UserId: str, OpenId: str, DeviceId: str } },
  get_jsapi_ticket: obj(['ticket', 'expires_in'], { ticket: { type: 'string', minLength: 1 }, expires_in: int }),
  'ticket/get': obj(['ticket', 'expires_in'], { ticket: { type: 'string', minLength: 1 }, expires_in: int }),
};

const envelope = obj(['errcode'], { errcode: int, errmsg: str });

const ajv = new Ajv({ allErrors: false, strict: false });
const compiled = new Map<string, ValidateFunction>();

function validator(name: string, schema: object): ValidateFunction {
  let v = compiled.get(name);
  if (!v) compiled.set(name, (v = ajv.compile(schema)));
  return v;
}

function check(api: string, name: string, schema: object, body: unknown): void {
  const validate = validator(name, schema);
  if (validate(body)) return;
  const e = validate.errors![0]!;
  const field =
    e.keyword === 'required' ? `${e.instancePath}/${(e.params as { missingProperty: string }).missingProperty}` : e.instancePath || '/';
  throw protocolError(api, `unexpected answer: field ${field} ${e.keyword === 'required' ? 'is missing' : e.message}`, { field });
}

/** `{errcode: int, errmsg: string}`: what every WeCom answer must at least be. */
export function checkEnvelope(api: string, body: unknown): asserts body is { errcode: number; errmsg?: string } {
  check(api, '#envelope', envelope, body);
}

export function checkPayload(api: string, body: unknown): void {
  const schema = RESPONSE_SCHEMAS[api];
  if (schema) check(api, api, schema, body);
}
