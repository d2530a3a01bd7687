import type { FastifyInstance } from 'fastify';
import { httpStatusOf, isJitError } from '@jitkit/core';
import type { RouteContext } from '@jitkit/corps';
import type { QywxInnerType } from '../qywx-inner-type.js';

const signedQuery = {
  type: 'object',
  properties: { msg_signature: { type: 'string' }, timestamp: { type: 'string' }, nonce: { type: 'string' }, echostr: { type: 'string' } },
} as const;

interface SignedQueryString {
  msg_signature?: string;
  timestamp?: string;
  nonce?: string;
  echostr?: string;
}

/**
 * The WeCom callback URL of one corp, `/wecom/callback/<Corp>` (a fastify plugin):
 * GET answers the URL check with the plaintext echostr (within the replay window, and only an
 * echo string); POST verifies, queues and answers 200 at once (the change is applied in the
 * background); a replay of an accepted delivery is answered 200 and costs nothing. Refusals get
 * a 4xx and a log line without secrets.
 */
export async function callbackRoutes(fastify: FastifyInstance, corp: QywxInnerType, ctx: RouteContext): Promise<void> {
  const path = `/wecom/callback/${encodeURIComponent(ctx.name)}`;
  // WeCom posts XML; this parser lives in this plugin's context only.
  fastify.addContentTypeParser(['text/xml', 'application/xml', 'text/plain'], { parseAs: 'string' }, (_req, body, done) =>
    done(null, body),
  );
  const refuse = (ip: string, err: unknown) => {
    const reason = isJitError(err) ? (err.details as { reason?: string }).reason : undefined;
    // Anything but a refusal is ours (the database, most likely): 503, and WeCom delivers again.
    const status = isJitError(err, 'WECOM_CALLBACK') ? httpStatusOf(err) : 503;
    ctx.logger.warn('callback refused', {
      corp: ctx.name,
      ip,
      status,
      reason: reason ?? 'error',
      error: err instanceof Error ? err.message : String(err),
    });
    return status;
  };

  fastify.get<{ Querystring: SignedQueryString }>(path, { schema: { querystring: signedQuery } }, async (req, reply) => {
    const q = req.query;
    try {
      const plain = corp.verifyCallbackUrl(
        { msg_signature: q.msg_signature ?? '', timestamp: q.timestamp ?? '', nonce: q.nonce ?? '', echostr: q.echostr ?? '' },
        { maxSkewSeconds: ctx.replayWindowSeconds },
      );
      return reply.type('text/plain; charset=utf-8').send(plain);
    } catch (err) {
      return reply.code(refuse(req.ip, err)).type('text/plain').send('refused');
    }
  });

  fastify.post<{ Querystring: SignedQueryString; Body: string }>(
    path,
    { bodyLimit: ctx.bodyLimit, schema: { querystring: signedQuery } },
    async (req, reply) => {
      const q = req.query;
      try {
        const r = await corp.receiveCallback(
          { msg_signature: q.msg_signature ?? '', timestamp: q.timestamp ?? '', nonce: q.nonce ?? '' },
          typeof req.body === 'string' ? req.body : '',
          { maxSkewSeconds: ctx.replayWindowSeconds },
        );
        ctx.logger[r.status === 'replay' ? 'warn' : 'debug']('callback received', {
          corp: ctx.name,
          status: r.status,
          ip: req.ip,
          change: r.event.type === 'change_contact' ? r.event.changeType : r.event.type,
        });
        return reply.code(200).type('text/plain').send('');
      } catch (err) {
        return reply.code(refuse(req.ip, err)).type('text/plain').send('refused');
      }
    },
  );
}
