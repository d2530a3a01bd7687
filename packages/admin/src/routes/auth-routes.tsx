import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { hasMemberLogin } from '@jitkit/corps';
import { ADMIN_SESSION_TTL_MS } from '../auth/admin-sessions.js';
import { TokenLimiter } from '../auth/token-limiter.js';
import { page, type AdminContext } from '../context.js';
import { LoginPage, MessagePage } from '../views/login.js';

export const ADMIN_COOKIE = 'jk_admin';
const MEMBER_COOKIE = 'jk_session';

const sameToken = (a: string, b: string) =>
  timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());

/** /admin/login (the bootstrap token), /admin/sso/:corp (a member that corp lists as admin), /admin/logout. */
export function authRoutes(fastify: FastifyInstance, ctx: AdminContext): void {
  const limiter = new TokenLimiter();
  const cookie = {
    path: '/admin',
    httpOnly: true,
    sameSite: 'strict' as const,
    secure: ctx.secure ?? false,
    maxAge: ADMIN_SESSION_TTL_MS / 1000,
  };
  const logins = () => [...ctx.corps.values()].filter((c) => hasMemberLogin(c.corp)).map((c) => ({ name: c.name, title: c.corp.title }));
  const loginPage = (error?: string) => <LoginPage error={error} tokenEnabled={Boolean(ctx.token)} logins={logins()} />;

  fastify.get('/login', async (_req, reply) => page(reply, loginPage()));

  fastify.post<{ Body: { token?: string } }>('/login', async (req, reply) => {
    const now = ctx.clock.now();
    const wait = limiter.waitMs(req.ip, now);
    if (wait > 0) {
      reply.header('Retry-After', String(Math.ceil(wait / 1000)));
      return page(reply, loginPage(`Too many wrong tokens from this address: try again in ${Math.ceil(wait / 1000)} s.`), 429);
    }
    const given = typeof req.body?.token === 'string' ? req.body.token : '';
    if (!ctx.token || !given || !sameToken(given, ctx.token)) {
      limiter.miss(req.ip, now);
      await ctx.audit(`address ${req.ip}`, 'sign-in', null, 'bootstrap token', 'refused: wrong token');
      return page(
        reply,
        loginPage(ctx.token ? 'That is not the admin token.' : 'Token sign-in is off (JITKIT_ADMIN_TOKEN is not set).'),
        401,
      );
    }
    const { cookie: value } = await ctx.sessions.create('token');
    await ctx.audit('token', 'sign-in', null, 'bootstrap token', 'ok');
    reply.setCookie(ADMIN_COOKIE, value, cookie);
    return reply.redirect('/admin', 303);
  });

  // After the corp's own member login (/login/:corp?next=/admin/sso/:corp): admins of that corp only.
  fastify.get<{ Params: { corp: string } }>('/sso/:corp', async (req, reply) => {
    const c = ctx.corps.get(req.params.corp);
    const token = req.cookies[MEMBER_COOKIE];
    if (!c || !token)
      return page(reply, <MessagePage title="Not signed in" message="Sign in through your organisation first." back="/admin/login" />, 401);
    try {
      const session = await c.corp.verifySession(token);
      const admins = await c.corp.getAdmin();
      const member = await c.corp.getMember(session.memberId);
      const actor = `${c.name}:${session.memberId} (${member?.name ?? '?'})`;
      if (!admins.includes(session.memberId)) {
        await ctx.audit(actor, 'sign-in', c.name, 'member login', 'refused: not an admin of this corp');
        return page(
          reply,
          <MessagePage
            title="Not an admin"
            message={`${member?.name ?? session.memberId} is not an admin of ${c.corp.title}.`}
            back="/admin/login"
          />,
          403,
        );
      }
      const { cookie: value } = await ctx.sessions.create(actor);
      await ctx.audit(actor, 'sign-in', c.name, 'member login', 'ok');
      reply.setCookie(ADMIN_COOKIE, value, cookie);
      return reply.redirect('/admin', 303);
    } catch {
      return page(
        reply,
        <MessagePage title="Not signed in" message="Your member session has ended: sign in again." back="/admin/login" />,
        401,
      );
    }
  });

  fastify.post('/logout', async (req, reply) => {
    if (req.admin) {
      await ctx.sessions.end(req.admin.sid);
      await ctx.audit(req.admin, 'sign-out', null, null, 'ok');
    }
    reply.clearCookie(ADMIN_COOKIE, { path: '/admin' });
    return reply.redirect('/admin/login', 303);
  });
}
