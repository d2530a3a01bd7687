import { fault } from '../errors.js';
import { deptView } from '../org/visibility.js';
import { checkInt } from '../org/rules.js';
import type { ApiContext, Route } from './context.js';

function view(ctx: ApiContext) {
  return (ctx.app ?? ctx.state.contacts).view.get();
}

/** Departments an app may list: the visible tree, or the visible subtree below `id`. */
function listed(ctx: ApiContext): number[] {
  const v = view(ctx);
  const idParam = ctx.query.get('id');
  const org = ctx.state.org;
  if (idParam === null || idParam === '') return [...org.depts.keys()].filter((d) => v.depts.has(d)).sort((a, b) => a - b);
  const id = checkInt(idParam, 60123);
  if (!org.dept(id)) throw fault(v.all ? 60003 : 60011);
  if (!v.depts.has(id)) throw fault(60011);
  return org
    .subtree(id)
    .filter((d) => v.depts.has(d))
    .sort((a, b) => a - b);
}

export const departmentRoutes: Record<string, Route> = {
  'department/list': {
    method: 'GET',
    handler: (ctx) => ({ department: listed(ctx).map((id) => deptView(ctx.state.org, ctx.state.org.dept(id)!)) }),
  },
  'department/simplelist': {
    method: 'GET',
    handler: (ctx) => ({
      department_id: listed(ctx).map((id) => {
        const d = ctx.state.org.dept(id)!;
        return { id: d.id, parentid: d.parentid, order: d.order };
      }),
    }),
  },
  'department/get': {
    method: 'GET',
    handler: (ctx) => {
      const raw = ctx.query.get('id');
      if (!raw) throw fault(60123, 'missing department id');
      const id = checkInt(raw, 60123);
      const d = ctx.state.org.dept(id);
      if (!d) throw fault(60003);
      if (!view(ctx).depts.has(id)) throw fault(60011);
      return { department: deptView(ctx.state.org, d) };
    },
  },
  'department/create': {
    method: 'POST',
    contactsOnly: true,
    handler: (ctx) => ({ errmsg: 'created', id: ctx.state.org.createDepartment(ctx.body, ctx.actor) }),
  },
  'department/update': {
    method: 'POST',
    contactsOnly: true,
    handler: (ctx) => {
      ctx.state.org.updateDepartment(ctx.body, ctx.actor);
      return { errmsg: 'updated' };
    },
  },
  'department/delete': {
    method: 'GET',
    contactsOnly: true,
    handler: (ctx) => {
      ctx.state.org.deleteDepartment(ctx.query.get('id') ?? undefined, ctx.actor);
      return { errmsg: 'deleted' };
    },
  },
};
