import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CLOCK, DATABASE } from '@jitkit/core';
import { PoolStore } from '@jitkit/corps';
import { AdminSessions } from './auth/admin-sessions.js';
import { auditor, type AdminContext, type AdminOptions } from './context.js';
import { ADMIN_COOKIE, authRoutes } from './routes/auth-routes.js';
import { createRoutes } from './routes/create-routes.js';
import { orgRoutes } from './routes/org-routes.js';
import { runRoutes } from './routes/run-routes.js';

// Scripts and styles from this server only; everything else as strict as the rest of serve.
const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
const OPEN = new Set(['/admin/login', '/admin/assets/htmx.min.js', '/admin/assets/admin.css']);

async function assets(): Promise<Record<string, { type: string; body: Buffer }>> {
  const require = createRequire(import.meta.url);
  return {
    'htmx.min.js': { type: 'text/javascript; charset=utf-8', body: await readFile(require.resolve('htmx.org/dist/htmx.min.js')) },
    'admin.css': { type: 'text/css; charset=utf-8', body: await readFile(new URL('../assets/admin.css', import.meta.url)) },
  };
}

/**
 * The admin console at /admin: sign-in (bootstrap token or an admin member's login), the
 * organisations, members, runs, plan-then-apply, corp creation and the audit log. Every page is
 * rendered on the server; htmx (served from here) only expands the tree.
 */
export async function adminConsole(fastify: FastifyInstance, options: AdminOptions): Promise<void> {
  const db = options.app.resolve(DATABASE);
  const clock = options.app.resolve(CLOCK);
  await PoolStore.for(db).ready();
  const ctx: AdminContext = { ...options, db, clock, sessions: new AdminSessions(db, clock), audit: auditor(db, clock, options.logger) };
  const files = await assets();

  await fastify.register(
    async (admin) => {
      await admin.register(formbody, { bodyLimit: 64 * 1024 });
      admin.addHook('onSend', async (_req, reply, payload) => {
        reply.header('Content-Security-Policy', CSP);
        reply.header('Cache-Control', 'no-store');
        return payload;
      });
      admin.addHook('preHandler', async (req: FastifyRequest, reply: FastifyReply) => {
        const path = req.url.split('?')[0]!;
        req.admin = await ctx.sessions.find(req.cookies[ADMIN_COOKIE]);
        if (OPEN.has(path) || path.startsWith('/admin/sso/')) return;
        if (!req.admin) {
          if (req.method === 'GET') return reply.redirect(`/admin/login`, 303);
          return reply.code(401).type('text/plain; charset=utf-8').send('sign in first');
        }
        // Every state-changing request carries the session's CSRF token (form field or htmx header).
        if (req.method !== 'GET' && req.method !== 'HEAD') {
          const body = req.body as Record<string, unknown> | undefined;
          const given = (typeof body?._csrf === 'string' ? body._csrf : undefined) ?? req.headers['x-csrf-token'];
          if (given !== req.admin.csrf)
            return reply.code(403).type('text/plain; charset=utf-8').send('missing or wrong CSRF token: reload the page and try again');
        }
      });
      admin.get<{ Params: { file: string } }>('/assets/:file', async (req, reply) => {
        const f = files[req.params.file];
        if (!f) return reply.code(404).send('not found');
        return reply.type(f.type).header('Cache-Control', 'public, max-age=3600').send(f.body);
      });
      authRoutes(admin, ctx);
      orgRoutes(admin, ctx);
      runRoutes(admin, ctx);
      createRoutes(admin, ctx);
    },
    { prefix: '/admin' },
  );
}
