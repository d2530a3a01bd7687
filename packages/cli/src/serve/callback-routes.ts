import type { FastifyInstance } from 'fastify';
import { isJitError, type Logger } from '@jitkit/core';
import type { ServedCorp } from './serve-corps.js';

/** HTTP status for a refused callback: authentication failures 403, bad input 400. */
function statusOf(reason: unknown): number {
  return reason === 'signature' || reason === 'receiveid' || reason === 'stale' ? 403 : reason === 'config' ? 500 : 400;
}

export interface CallbackRouteOptions {
  replayWindowSeconds: number;
  bodyLimit: number;
  logger: Logger;
}

/**
 * The WeCom callback URL of each corp with a callback token and key: GET answers the URL check
 * with the plaintext echostr (within the replay window, and only an echo string); POST
 * verifies, queues and answers 200 at once (the change is applied in the background); a replay
 * of an accepted delivery is answered 200 and costs nothing. Refusals get a 4xx and a log line
 * without secrets.
 */
export function callbackRoutes(fastify: FastifyInstance, corps: Map<string, ServedCorp>, options: CallbackRouteOptions): void {
  const find = (name: string) => {
    const c = corps.get(name);
    return c && c.corp.callbacksConfigured ? c : undefined;
  };
  const refuse = (corp: string, ip: string, err: unknown) => {
    const reason = isJitError(err) ? (err.details as { reason?: string }).reason : undefined;
    // Anything but a refusal is ours (the database, most likely): 503, and WeCom delivers again.
    const status = isJitError(err, 'WECOM_CALLBACK') ? statusOf(reason) : 503;
    options.logger.warn('callback refused', {
      corp,
      ip,
      status,
      reason: reason ?? 'error',
      error: err instanceof Error ? err.message : String(err),
    });
    return status;
  };

  fastify.get<{ Params: { corp: string }; Querystring: Record<string, string> }>('/wecom/callback/:corp', async (req, reply) => {
    const c = find(req.params.corp);
    if (!c) return reply.code(404).type('text/plain').send('no such corp, or callbacks are not configured for it');
    try {
      const plain = c.corp.verifyCallbackUrl(
        {
          msg_signature: req.query.msg_signature ?? '',
          timestamp: req.query.timestamp ?? '',
          nonce: req.query.nonce ?? '',
          echostr: req.query.echostr ?? '',
        },
        { maxSkewSeconds: options.replayWindowSeconds },
      );
      return reply.type('text/plain; charset=utf-8').send(plain);
    } catch (err) {
      return reply
        .code(refuse(c.name, req.ip, err))
        .type('text/plain')
        .send('refused');
    }
  });

  fastify.post<{ Params: { corp: string }; Querystring: Record<string, string>; Body: string }>(
    '/wecom/callback/:corp',
    { bodyLimit: options.bodyLimit },
    async (req, reply) => {
      const c = find(req.params.corp);
      if (!c) return reply.code(404).type('text/plain').send('no such corp, or callbacks are not configured for it');
      try {
        const r = await c.corp.receiveCallback(
          { msg_signature: req.query.msg_signature ?? '', timestamp: req.query.timestamp ?? '', nonce: req.query.nonce ?? '' },
          typeof req.body === 'string' ? req.body : '',
          { maxSkewSeconds: options.replayWindowSeconds },
        );
        options.logger[r.status === 'replay' ? 'warn' : 'debug']('callback received', {
          corp: c.name,
          status: r.status,
          ip: req.ip,
          change: r.event.type === 'change_contact' ? r.event.changeType : r.event.type,
        });
        return reply.code(200).type('text/plain').send('');
      } catch (err) {
        return reply
          .code(refuse(c.name, req.ip, err))
          .type('text/plain')
          .send('refused');
      }
    },
  );
}
