import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { isJitError, type Logger } from '@jitkit/core';
import { mePage, messagePage } from './pages.js';
import type { ServedCorp } from './serve-corps.js';

const STATE_COOKIE = 'jk_login';
const SESSION_COOKIE = 'jk_session';

/** Only same-site paths: `next` must never send the browser elsewhere (open redirect). */
function safeNext(next: unknown): string {
  return typeof next === 'string' && next.startsWith('/') && !next.startsWith('//') && !next.includes('\\') ? next : '/me';
}

const REFUSALS: Record<string, string> = {
  'invalid-code': 'The login expired or was already used.',
  'not-a-member': 'This WeCom account is not a member of the organisation.',
  'unknown-member': 'You are not in this app yet. Ask an administrator to sync the organisation.',
  resigned: 'Your membership in this organisation has ended.',
  disabled: 'Your WeCom account is disabled.',
};

/**
 * Member login: /login/:corp redirects to WeCom (in-app OAuth, or QR with ?qr=1) with a random
 * state that a signed cookie binds to this browser; /login/:corp/callback checks the state,
 * exchanges the code, and issues a session cookie the corp can verify (corp.verifySession).
 */
export function loginRoutes(fastify: FastifyInstance, corps: Map<string, ServedCorp>, options: { publicUrl: string; logger: Logger; secure: boolean }): void {
  const cookie = { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: options.secure };

  fastify.get<{ Params: { corp: string }; Querystring: { qr?: string; next?: string } }>('/login/:corp', async (req, reply) => {
    const c = corps.get(req.params.corp);
    if (!c) return reply.code(404).type('text/html').send(messagePage('Unknown organisation', `There is no organisation "${req.params.corp}" in this app.`));
    const state = randomBytes(24).toString('hex');
    reply.setCookie(STATE_COOKIE, JSON.stringify({ state, corp: c.name, next: safeNext(req.query.next) }), { ...cookie, signed: true, maxAge: 600 });
    return reply.redirect(c.corp.loginUrl({ redirectUri: `${options.publicUrl}/login/${encodeURIComponent(c.name)}/callback`, state, qr: req.query.qr === '1' }));
  });

  fastify.get<{ Params: { corp: string }; Querystring: { code?: string; state?: string } }>('/login/:corp/callback', async (req, reply) => {
    const c = corps.get(req.params.corp);
    const page = (status: number, title: string, message: string) => reply.code(status).type('text/html; charset=utf-8').send(messagePage(title, message, `/login/${encodeURIComponent(req.params.corp)}`));
    if (!c) return page(404, 'Unknown organisation', `There is no organisation "${req.params.corp}" in this app.`);
    const raw = req.cookies[STATE_COOKIE];
    const unsigned = raw ? req.unsignCookie(raw) : undefined;
    reply.clearCookie(STATE_COOKIE, cookie);
    let saved: { state: string; corp: string; next: string } | undefined;
    try {
      saved = unsigned?.valid && unsigned.value ? JSON.parse(unsigned.value) : undefined;
    } catch {
      saved = undefined;
    }
    if (!saved || saved.corp !== c.name || !req.query.state || saved.state !== req.query.state) {
      options.logger.warn('login refused: state does not match this browser', { corp: c.name, ip: req.ip });
      return page(400, 'Login could not be verified', 'This login did not start in this browser (or took too long). Please start again.');
    }
    try {
      const login = await c.corp.completeLogin(req.query.code ?? '');
      reply.setCookie(SESSION_COOKIE, c.corp.createSession(login), { ...cookie, maxAge: 8 * 3600 });
      options.logger.info('member logged in', { corp: c.name, memberId: login.memberId });
      return reply.redirect(saved.next);
    } catch (err) {
      const reason = isJitError(err, 'AUTH_FAILED') ? String((err.details as { reason?: string }).reason) : undefined;
      options.logger.warn('login refused', { corp: c.name, reason: reason ?? 'error', error: err instanceof Error ? err.message : String(err) });
      if (reason) return page(403, 'You cannot log in', REFUSALS[reason] ?? (err as Error).message);
      return page(502, 'Login failed', 'WeCom could not be reached to confirm the login. Please try again.');
    }
  });

  fastify.get('/me', async (req, reply: FastifyReply) => {
    const token = req.cookies[SESSION_COOKIE];
    const served = [...corps.values()];
    const notLoggedIn = () => reply.code(401).type('text/html; charset=utf-8').send(messagePage('Not logged in', 'Log in through your organisation first.', served[0] ? `/login/${encodeURIComponent(served[0].name)}` : undefined));
    if (!token) return notLoggedIn();
    for (const { corp } of served) {
      try {
        const session = corp.verifySession(token);
        const m = await corp.getMember(session.memberId);
        if (!m || m.status !== 1) break;
        return reply.type('text/html; charset=utf-8').send(mePage({ name: m.name, memberId: m.memberId, externalUserid: m.externalUserid, corpTitle: corp.title, position: m.position, departments: m.departments, roles: m.roles }));
      } catch {
        // not this corp's session: try the next one
      }
    }
    reply.clearCookie(SESSION_COOKIE, cookie);
    return notLoggedIn();
  });

  fastify.get('/logout', async (_req, reply) => {
    reply.clearCookie(SESSION_COOKIE, cookie);
    return reply.redirect('/');
  });
}
