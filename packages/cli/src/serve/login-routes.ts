import type { FastifyInstance, FastifyReply } from 'fastify';
import { isJitError, type Logger } from '@jitkit/core';
import { hasInAppLogin, hasMemberLogin, LOGIN_STATE_TTL_MS, SESSION_TTL_MS, type Corp, type MemberLogin } from '@jitkit/corps';
import { mePage, messagePage } from './pages.js';
import { safeNext } from './safe-next.js';
import type { ServedCorp } from './serve-corps.js';

const STATE_COOKIE = 'jk_login';
const SESSION_COOKIE = 'jk_session';

const REFUSALS: Record<string, string> = {
  'invalid-code': 'The login expired or was already used.',
  'not-a-member': 'This account is not a member of the organisation.',
  'unknown-member': 'You are not in this app yet. Ask an administrator to sync the organisation.',
  resigned: 'Your membership in this organisation has ended.',
  disabled: "Your account is disabled, or not activated yet, in the organisation's directory.",
};

const reasonOf = (err: unknown) => (isJitError(err, 'AUTH_FAILED') ? String((err.details as { reason?: string }).reason) : undefined);
const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * Member login: /login/:corp redirects upstream (in-app OAuth, or QR with ?qr=1) with a random
 * state; the corp signs it (with its expiry) into a cookie that binds it to this browser, so any
 * process of the app can finish the login. /login/:corp/callback checks the state (once),
 * exchanges the code and issues a session the pool records; /logout revokes it everywhere.
 */
export function loginRoutes(
  fastify: FastifyInstance,
  corps: Map<string, ServedCorp>,
  options: { publicUrl: string; logger: Logger; secure: boolean },
): void {
  const cookie = { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: options.secure };
  const html = (reply: FastifyReply, status: number, title: string, message: string, loginHref?: string) =>
    reply
      .code(status)
      .type('text/html; charset=utf-8')
      .send(messagePage(title, message, loginHref));
  const unavailable = (reply: FastifyReply, err: unknown) => {
    options.logger.error('member page unavailable', { error: messageOf(err) });
    return html(
      reply,
      503,
      'Temporarily unavailable',
      'The app cannot reach its database right now. You are still logged in; please try again in a moment.',
    );
  };

  /** Completes a login the upstream confirmed: a session, or the page saying why not. */
  const finish = async (
    reply: FastifyReply,
    name: string,
    corp: Corp,
    complete: () => Promise<{ memberId: string; userId: string; name: string }>,
    next: string,
    again: string,
  ) => {
    try {
      const login = await complete();
      reply.setCookie(SESSION_COOKIE, await corp.createSession(login), { ...cookie, maxAge: SESSION_TTL_MS / 1000 });
      options.logger.info('member logged in', { corp: name, memberId: login.memberId });
      return reply.redirect(safeNext(next));
    } catch (err) {
      const reason = reasonOf(err);
      options.logger.warn('login refused', { corp: name, reason: reason ?? 'error', error: messageOf(err) });
      if (reason) return html(reply, 403, 'You cannot log in', REFUSALS[reason] ?? messageOf(err), again);
      return html(reply, 502, 'Login failed', 'The organisation could not be reached to confirm the login. Please try again.', again);
    }
  };

  // Only corps whose Type offers member login (MemberLogin) have these pages.
  const loginCorp = (name: string) => {
    const c = corps.get(name);
    return c && hasMemberLogin(c.corp) ? { name: c.name, corp: c.corp as Corp & MemberLogin } : undefined;
  };

  fastify.get<{ Params: { corp: string }; Querystring: { qr?: string; next?: string } }>('/login/:corp', async (req, reply) => {
    const c = loginCorp(req.params.corp);
    if (!c) return html(reply, 404, 'Unknown organisation', `There is no organisation "${req.params.corp}" with member login in this app.`);
    const { state, token } = c.corp.beginLogin(safeNext(req.query.next));
    reply.setCookie(STATE_COOKIE, token, { ...cookie, maxAge: LOGIN_STATE_TTL_MS / 1000 });
    return reply.redirect(
      c.corp.loginUrl({
        redirectUri: `${options.publicUrl}/login/${encodeURIComponent(c.name)}/callback`,
        state,
        qr: req.query.qr === '1',
      }),
    );
  });

  // GET only: a HEAD (a link preview, a prefetch) must not use up the one-time code.
  // Upstreams name the code differently (WeCom: code; DingTalk: authCode): either is read.
  fastify.get<{ Params: { corp: string }; Querystring: { code?: string; authCode?: string; state?: string } }>(
    '/login/:corp/callback',
    { exposeHeadRoute: false },
    async (req, reply) => {
      const c = loginCorp(req.params.corp);
      const again = `/login/${encodeURIComponent(req.params.corp)}`;
      if (!c)
        return html(
          reply,
          404,
          'Unknown organisation',
          `There is no organisation "${req.params.corp}" with member login in this app.`,
          again,
        );
      const token = req.cookies[STATE_COOKIE];
      reply.clearCookie(STATE_COOKIE, cookie);
      let next: string;
      try {
        next = (await c.corp.finishLoginState(token, req.query.state)).next;
      } catch (err) {
        if (!reasonOf(err)) return unavailable(reply, err);
        options.logger.warn('login refused: state', { corp: c.name, reason: reasonOf(err), ip: req.ip });
        return html(
          reply,
          400,
          'Login could not be verified',
          `This login did not start in this browser, took too long, or was already used (${messageOf(err)}). Please start again.`,
          again,
        );
      }
      return finish(reply, c.name, c.corp, () => c.corp.completeLogin(req.query.code ?? req.query.authCode ?? ''), next, again);
    },
  );

  // In-app login (no redirect, so no state): the one-time code from the upstream's JS API
  // (DingTalk's dd.requestAuthCode), for corps whose Type offers it.
  fastify.get<{ Params: { corp: string }; Querystring: { code?: string; next?: string } }>(
    '/login/:corp/h5',
    { exposeHeadRoute: false },
    async (req, reply) => {
      const c = corps.get(req.params.corp);
      const again = `/login/${encodeURIComponent(req.params.corp)}/h5`;
      if (!c || !hasInAppLogin(c.corp))
        return html(reply, 404, 'Unknown organisation', `There is no organisation "${req.params.corp}" with in-app login in this app.`);
      const corp = c.corp;
      return finish(reply, c.name, corp, () => corp.completeInAppLogin(req.query.code ?? ''), safeNext(req.query.next), again);
    },
  );

  fastify.get('/me', async (req, reply: FastifyReply) => {
    const token = req.cookies[SESSION_COOKIE];
    const served = [...corps.values()];
    const notLoggedIn = (message = 'Log in through your organisation first.') =>
      html(reply, 401, 'Not logged in', message, served[0] ? `/login/${encodeURIComponent(served[0].name)}` : undefined);
    if (!token) return notLoggedIn();
    for (const { corp } of served) {
      try {
        const session = await corp.verifySession(token);
        const m = await corp.getMember(session.memberId);
        if (!m) throw new Error(`member ${session.memberId} vanished between two reads`);
        return reply.type('text/html; charset=utf-8').send(
          mePage({
            name: m.name,
            memberId: m.memberId,
            externalUserid: m.externalUserid,
            corpTitle: corp.title,
            position: m.position,
            departments: m.departments,
            roles: m.roles,
          }),
        );
      } catch (err) {
        const reason = reasonOf(err);
        if (reason === 'session-invalid') continue; // not this corp's session: try the next one
        if (!reason) return unavailable(reply, err); // an outage is not a logout: keep the cookie
        reply.clearCookie(SESSION_COOKIE, cookie);
        return notLoggedIn(REFUSALS[reason] ?? 'Your session has ended. Please log in again.');
      }
    }
    reply.clearCookie(SESSION_COOKIE, cookie);
    return notLoggedIn();
  });

  const logout = async (req: { cookies: Record<string, string | undefined> }, reply: FastifyReply) => {
    const token = req.cookies[SESSION_COOKIE];
    reply.clearCookie(SESSION_COOKIE, cookie);
    if (token) {
      try {
        for (const { corp } of corps.values()) if (await corp.revokeSession(token)) break;
      } catch (err) {
        options.logger.error('logout could not revoke the session', { error: messageOf(err) });
        return html(
          reply,
          503,
          'Logged out here only',
          'The app could not reach its database, so the session could not be ended on the server; it ends by itself within 8 hours. Please log out again later.',
        );
      }
    }
    return reply.redirect('/');
  };
  fastify.get('/logout', { exposeHeadRoute: false }, logout); // a HEAD (prefetch) must not log out
  fastify.post('/logout', logout);
}
