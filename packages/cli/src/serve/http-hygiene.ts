import { STATUS_CODES } from 'node:http';
import type { FastifyInstance, FastifyReply } from 'fastify';

/**
 * The one error format of the server for everything that is not a page: JSON with the status,
 * its name and a message that never echoes the request's method, path or body.
 */
export function sendError(reply: FastifyReply, status: number, message: string): FastifyReply {
  return reply
    .code(status)
    .type('application/json; charset=utf-8')
    .send({ statusCode: status, error: STATUS_CODES[status] ?? 'Error', message });
}

const CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/** Paths whose pages show a member's data: never cached by the browser or a proxy. */
const PRIVATE = /^\/(me|login|logout)(\/|$)/;

/**
 * Security headers on every answer (HTML pages also get a CSP that forbids framing), 405 with
 * `Allow` for a known path asked with another method, and the one error format for unknown
 * routes and router errors.
 */
export function httpHygiene(fastify: FastifyInstance): void {
  const routes: { pattern: RegExp; method: string }[] = [];
  fastify.addHook('onRoute', (r) => {
    const pattern = new RegExp(`^${r.url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:[A-Za-z_]\w*/g, '[^/]+')}$`);
    for (const method of [r.method].flat()) routes.push({ pattern, method: String(method) });
  });

  fastify.addHook('onSend', async (req, reply, payload) => {
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'no-referrer');
    if (String(reply.getHeader('content-type') ?? '').startsWith('text/html')) {
      reply.header('Content-Security-Policy', CSP);
      reply.header('X-Frame-Options', 'DENY');
    }
    if (PRIVATE.test(req.url)) reply.header('Cache-Control', 'no-store');
    return payload;
  });

  fastify.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0]!;
    const allowed = [...new Set(routes.filter((r) => r.pattern.test(path)).map((r) => r.method))];
    if (allowed.length) return sendError(reply.header('Allow', allowed.join(', ')), 405, `this path answers ${allowed.join(', ')} only`);
    return sendError(reply, 404, 'no such page');
  });
}
