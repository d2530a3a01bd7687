import type { Route } from './context.js';

export const tagRoutes: Record<string, Route> = {
  'tag/list': {
    method: 'GET',
    handler: (ctx) => ({ taglist: [...ctx.state.org.tags.values()].map((t) => ({ tagid: t.tagid, tagname: t.tagname })) }),
  },
  'tag/get': {
    method: 'GET',
    handler: (ctx) => {
      const t = ctx.state.org.tag(ctx.query.get('tagid') ?? undefined);
      const v = (ctx.app ?? ctx.state.contacts).view.get();
      const org = ctx.state.org;
      return {
        tagname: t.tagname,
        userlist: [...t.users]
          .filter((k) => v.users.has(k))
          .map((k) => {
            const u = org.users.get(k)!;
            return { userid: u.userid, name: u.name };
          }),
        partylist: [...t.parties].filter((p) => v.depts.has(p)),
      };
    },
  },
  'tag/create': {
    method: 'POST',
    contactsOnly: true,
    handler: (ctx) => ({ errmsg: 'created', tagid: ctx.state.org.createTag(ctx.body) }),
  },
  'tag/update': {
    method: 'POST',
    contactsOnly: true,
    handler: (ctx) => {
      ctx.state.org.updateTag(ctx.body);
      return { errmsg: 'updated' };
    },
  },
  'tag/delete': {
    method: 'GET',
    contactsOnly: true,
    handler: (ctx) => {
      ctx.state.org.deleteTag(ctx.query.get('tagid') ?? undefined, ctx.actor);
      return { errmsg: 'deleted' };
    },
  },
  'tag/addtagusers': {
    method: 'POST',
    contactsOnly: true,
    handler: (ctx) => ({ errmsg: 'ok', ...ctx.state.org.changeTagMembers(ctx.body, true, ctx.actor) }),
  },
  'tag/deltagusers': {
    method: 'POST',
    contactsOnly: true,
    handler: (ctx) => ({ errmsg: 'deleted', ...ctx.state.org.changeTagMembers(ctx.body, false, ctx.actor) }),
  },
};
