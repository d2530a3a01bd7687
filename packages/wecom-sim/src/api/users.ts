import { createHash } from 'node:crypto';
import { StreamedArray } from '@jitkit/sim-kit';
import { fault } from '../errors.js';
import { memberView } from '../org/visibility.js';
import { checkInt } from '../org/rules.js';
import type { SimUser } from '../org/model.js';
import type { ApiContext, Route } from './context.js';

function view(ctx: ApiContext) {
  return (ctx.app ?? ctx.state.contacts).view.get();
}

/** Members of a department (and below it with fetch_child=1), each once. */
function membersFor(ctx: ApiContext): SimUser[] {
  const raw = ctx.query.get('department_id');
  if (!raw) throw fault(60123, 'missing department_id');
  const id = checkInt(raw, 60123);
  const org = ctx.state.org;
  const v = view(ctx);
  if (!org.dept(id)) throw fault(v.all ? 60003 : 60011);
  if (!v.depts.has(id)) throw fault(60011);
  const depts = ctx.query.get('fetch_child') === '1' ? org.subtree(id).filter((d) => v.depts.has(d)) : [id];
  const seen = new Set<string>();
  const out: SimUser[] = [];
  for (const d of depts) {
    for (const u of org.membersOf(d)) {
      if (!seen.has(u.userid)) {
        seen.add(u.userid);
        out.push(u);
      }
    }
  }
  return out;
}

type IdRow = { userid: string; department: number };
/** list_id rows are one per (member, department), in a stable order, cached per org version. */
const rowsCache = new WeakMap<object, { version: number; rows: IdRow[] }>();
function listIdRows(ctx: ApiContext): IdRow[] {
  const org = ctx.state.org;
  const cached = rowsCache.get(org);
  if (cached?.version === org.version) return cached.rows;
  const rows: IdRow[] = [];
  const users = [...org.users.values()].sort((a, b) => (a.userid < b.userid ? -1 : a.userid > b.userid ? 1 : 0));
  for (const u of users) for (const d of u.department) rows.push({ userid: u.userid, department: d });
  rowsCache.set(org, { version: org.version, rows });
  return rows;
}

export const userRoutes: Record<string, Route> = {
  'user/get': {
    method: 'GET',
    handler: (ctx) => {
      const userid = ctx.query.get('userid');
      if (!userid) throw fault(60111, 'missing userid');
      const u = ctx.state.org.user(userid);
      if (!u) throw fault(60111);
      const v = view(ctx);
      if (!v.users.has(u.userid.toLowerCase())) throw fault(60011);
      return memberView(u, v);
    },
  },
  'user/simplelist': {
    method: 'GET',
    handler: (ctx) => {
      const v = view(ctx);
      return {
        userlist: membersFor(ctx).map((u) => {
          const m = memberView(u, v);
          return { userid: m.userid, name: m.name, department: m.department, open_userid: '' };
        }),
      };
    },
  },
  'user/list': {
    method: 'GET',
    handler: (ctx) => {
      const v = view(ctx);
      return { userlist: new StreamedArray(membersFor(ctx), (u) => memberView(u, v)) };
    },
  },
  'user/list_id': {
    method: 'POST',
    contactsOnly: true,
    handler: (ctx) => {
      const limit = ctx.body.limit ?? 1000;
      if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > 10_000) throw fault(40058, 'invalid limit');
      let offset = 0;
      const cursor = ctx.body.cursor;
      if (cursor !== undefined && cursor !== '') {
        const decoded = typeof cursor === 'string' ? Buffer.from(cursor, 'base64url').toString() : '';
        if (!/^o\d+$/.test(decoded)) throw fault(40058, 'invalid cursor');
        offset = Number(decoded.slice(1));
      }
      const rows = listIdRows(ctx);
      const page = rows.slice(offset, offset + limit);
      const next = offset + limit < rows.length ? Buffer.from(`o${offset + limit}`).toString('base64url') : '';
      return { next_cursor: next, dept_user: page };
    },
  },
  'user/create': {
    method: 'POST',
    contactsOnly: true,
    handler: (ctx) => {
      ctx.state.org.createUser(ctx.body, ctx.actor);
      return { errmsg: 'created' };
    },
  },
  'user/update': {
    method: 'POST',
    contactsOnly: true,
    handler: (ctx) => {
      ctx.state.org.updateUser(ctx.body, ctx.actor);
      return { errmsg: 'updated' };
    },
  },
  'user/delete': {
    method: 'GET',
    contactsOnly: true,
    handler: (ctx) => {
      ctx.state.org.deleteUser(ctx.query.get('userid') ?? undefined, ctx.actor);
      return { errmsg: 'deleted' };
    },
  },
  'user/batchdelete': {
    method: 'POST',
    contactsOnly: true,
    handler: (ctx) => {
      ctx.state.org.batchDeleteUsers(ctx.body.useridlist, ctx.actor);
      return { errmsg: 'deleted' };
    },
  },
  'user/convert_to_openid': {
    method: 'POST',
    handler: (ctx) => {
      const userid = ctx.body.userid;
      const u = typeof userid === 'string' ? ctx.state.org.user(userid) : undefined;
      if (!u) throw fault(60111);
      if (!u.wechatBound) throw fault(43004);
      return { openid: 'o' + createHash('sha1').update(`${ctx.state.options.corpId}:${u.userid}`).digest('base64url').slice(0, 27) };
    },
  },
};
