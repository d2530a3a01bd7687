import type { FastifyInstance } from 'fastify';
import { httpStatusOf, isJitError } from '@jitkit/core';
import type { CorpRoutes, RouteContext } from '@jitkit/corps';
import type { DDInnerType } from '../dd-inner-type.js';

const pushQuery = {
  type: 'object',
  properties: {
    msg_signature: { type: 'string' },
    signature: { type: 'string' },
    timestamp: { type: 'string' },
    nonce: { type: 'string' },
  },
} as const;

const pushBody = { type: 'object', required: ['encrypt'], properties: { encrypt: { type: 'string', maxLength: 1_000_000 } } } as const;

/**
 * HTTP push mode: `POST /dingtalk/callback/<Corp>` verifies, decrypts and queues the event, then
 * answers the encrypted `success` DingTalk expects (check_url included); the change is applied in
 * the background. A replay of an accepted push is answered the same and costs nothing. Refusals
 * get a 4xx and a log line without secrets; a database outage a 503, so DingTalk pushes again.
 */
async function pushRoute(fastify: FastifyInstance, corp: DDInnerType, ctx: RouteContext): Promise<void> {
  const path = `/dingtalk/callback/${encodeURIComponent(ctx.name)}`;
  fastify.post<{
    Querystring: { msg_signature?: string; signature?: string; timestamp?: string; nonce?: string };
    Body: { encrypt: string };
  }>(path, { bodyLimit: ctx.bodyLimit, schema: { querystring: pushQuery, body: pushBody } }, async (req, reply) => {
    try {
      const r = await corp.receivePush(req.query, req.body, { maxSkewSeconds: ctx.replayWindowSeconds });
      ctx.logger[r.status === 'replay' ? 'warn' : 'debug']('DingTalk event received', {
        corp: ctx.name,
        status: r.status,
        ip: req.ip,
        event: r.event.type,
      });
      return reply.code(200).send(corp.pushCrypto().reply(String(req.query.timestamp), String(req.query.nonce ?? '')));
    } catch (err) {
      const status = isJitError(err, 'DINGTALK_CALLBACK') ? httpStatusOf(err) : 503;
      const reason = isJitError(err) ? (err.details as { reason?: string }).reason : undefined;
      ctx.logger.warn('DingTalk push refused', {
        corp: ctx.name,
        ip: req.ip,
        status,
        reason: reason ?? 'error',
        error: err instanceof Error ? err.message : String(err),
      });
      return reply.code(status).type('text/plain').send('refused');
    }
  });
}

/** What serve mounts for a DingTalk corp: the push URL (HTTP mode) or the Stream connection, plus the event applier. */
export function dingTalkRoutes(corp: DDInnerType, ctx: RouteContext): CorpRoutes {
  if (corp.eventMode === 'http')
    return {
      plugin: (fastify) => pushRoute(fastify as FastifyInstance, corp, ctx),
      describe: [
        {
          label: 'events',
          path: `/dingtalk/callback/${ctx.name}`,
          note: 'HTTP push: set this URL, the Token and the aes_key in the DingTalk console',
        },
        { label: 'in-app', path: `/login/${ctx.name}/h5?code=`, note: 'the code of dd.requestAuthCode' },
      ],
      start: () => void corp.startRealtime(ctx.realtime),
    };
  return {
    plugin: () => undefined,
    describe: [
      { label: 'events', path: 'Stream mode', note: 'an outbound connection to the DingTalk gateway; no public URL needed' },
      { label: 'in-app', path: `/login/${ctx.name}/h5?code=`, note: 'the code of dd.requestAuthCode' },
    ],
    start: () => {
      corp.startRealtime(ctx.realtime);
      corp.startStream();
    },
  };
}
