import { randomBytes } from 'node:crypto';
import cookie from '@fastify/cookie';
import Fastify, { type FastifyInstance } from 'fastify';
import { DATABASE, LOGGER, type App, type Logger } from '@jitkit/core';
import { countPending } from '@jitkit/corps';
import type { Cron } from 'croner';
import { callbackRoutes } from './callback-routes.js';
import { loginRoutes } from './login-routes.js';
import { indexPage } from './pages.js';
import { scheduleSyncs } from './schedule.js';
import { servedCorps, type ServedCorp } from './serve-corps.js';

export interface ServeOptions {
  /** The URL browsers reach this server at (login redirect_uri); default http://host:port. */
  publicUrl?: string;
  /** Callback timestamps further than this from now are refused (default 300 s). */
  replayWindowSeconds?: number;
  /** Largest callback body (default 64 KiB; WeCom's are a few hundred bytes). */
  bodyLimit?: number;
  /** Apply callback events in the background (default true). */
  realtime?: boolean;
  /** Run `sync.schedule` crons (default true). */
  schedule?: boolean;
  /** Sync a corp that was never synced when serving starts (default true). */
  initialSync?: boolean;
  /** Cookie signing secret; default JITKIT_SESSION_SECRET, else random per start. */
  cookieSecret?: string;
  realtimeOptions?: Parameters<ServedCorp['corp']['startRealtime']>[0];
}

export interface Served {
  fastify: FastifyInstance;
  corps: Map<string, ServedCorp>;
  /** Set once listening. */
  url: string;
  listen(port: number, host: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * `jitkit serve`: for every WeCom corp of the app, its callback URL (when it has a callback
 * token and key), member login, and /me; plus /health. Built on fastify.
 */
export async function createServer(app: App, options: ServeOptions = {}): Promise<Served> {
  const logger: Logger = app.resolve(LOGGER).child({ component: 'serve' });
  const corps = servedCorps(app);
  const fastify = Fastify({ logger: false, trustProxy: true });
  await fastify.register(cookie, { secret: options.cookieSecret ?? process.env.JITKIT_SESSION_SECRET ?? randomBytes(32).toString('hex') });
  fastify.addContentTypeParser(['text/xml', 'application/xml', 'text/plain'], { parseAs: 'string' }, (_req, body, done) => done(null, body));
  fastify.setErrorHandler((err: Error & { statusCode?: number; code?: string }, req, reply) => {
    const status = err.statusCode ?? 500;
    logger.warn('request refused', { path: req.routeOptions.url, status, code: err.code, ip: req.ip });
    return reply.code(status).type('text/plain').send(status === 413 ? 'body too large' : status < 500 ? 'bad request' : 'error');
  });

  const served: Served = {
    fastify,
    corps,
    url: options.publicUrl ?? '',
    listen: async (port, host) => {
      const address = await fastify.listen({ port, host });
      served.url = options.publicUrl ?? address.replace('[::1]', 'localhost');
      return served.url;
    },
    close: async () => {
      for (const job of jobs) job.stop();
      await fastify.close();
    },
  };

  fastify.get('/health', async () => ({
    status: 'ok',
    app: app.appId,
    corps: await Promise.all(
      [...corps.values()].map(async ({ name, corp }) => {
        const info = await corp.getCorpInfo().catch(() => undefined);
        const pending = info ? await countPending(app.resolve(DATABASE), await corp.poolCorpId()) : null;
        return { name, fullName: corp.fullName, callbacks: corp.callbacksConfigured, initialized: Boolean(info), members: info?.memberCount ?? null, pendingEvents: pending, lastSync: info?.lastSync ?? null };
      }),
    ),
  }));
  fastify.get('/', async (_req, reply) => reply.type('text/html; charset=utf-8').send(indexPage([...corps.values()].map((c) => ({ name: c.name, title: c.corp.title })))));
  callbackRoutes(fastify, corps, { replayWindowSeconds: options.replayWindowSeconds ?? 300, bodyLimit: options.bodyLimit ?? 64 * 1024, logger });
  loginRoutes(fastify, corps, { get publicUrl() { return served.url; }, logger, secure: (options.publicUrl ?? '').startsWith('https:') });

  // Callbacks need the corp in the pool; a corp never synced gets its first sync in the background.
  for (const { name, corp } of corps.values()) {
    await corp.ensureCorp();
    if (options.realtime !== false && corp.callbacksConfigured) corp.startRealtime(options.realtimeOptions);
    logger.info('corp served', { corp: name, callbacks: corp.callbacksConfigured });
    if (options.initialSync !== false && (await corp.listSyncRuns(1)).length === 0) {
      void corp.initCorp().then(
        (r) => logger.info('first sync done', { corp: name, status: r.status, rowsWritten: r.rowsWritten }),
        (err: unknown) => logger.error('first sync failed', { corp: name, error: err instanceof Error ? err.message : String(err) }),
      );
    }
  }
  const jobs: Cron[] = options.schedule === false ? [] : scheduleSyncs(corps.values(), logger);
  return served;
}
