import cookie from '@fastify/cookie';
import Fastify, { type FastifyInstance } from 'fastify';
import { httpStatusOf, JitError, LOGGER, type App, type Logger } from '@jitkit/core';
import { hasMemberLogin, servesRoutes, type CorpRoutes, type EventApplierOptions } from '@jitkit/corps';
import { Cron } from 'croner';
import { adminConsole } from '@jitkit/admin';
import { healthRoute } from './health.js';
import { httpHygiene, sendError } from './http-hygiene.js';
import { loginRoutes } from './login-routes.js';
import { indexPage } from './pages.js';
import { scheduleSyncs } from './schedule.js';
import { EventWorker, type EventWorkerSpec } from './event-worker.js';
import { servedCorps, type ServedCorp } from './serve-corps.js';
import { checkSchedules } from './settings.js';

export interface ServeOptions {
  /** The URL browsers reach this server at (login redirect_uri); default http://host:port. */
  publicUrl?: string;
  /** Callback timestamps further than this from now are refused (default 300 s). */
  replayWindowSeconds?: number;
  /** Largest callback body (default 64 KiB; WeCom's and DingTalk's are a few hundred bytes). */
  bodyLimit?: number;
  /** A request must arrive whole within this (default 30 s): slow bodies are closed. */
  requestTimeoutMs?: number;
  /** Proxies whose X-Forwarded-For is believed (addresses or CIDRs); default none. */
  trustProxy?: string[];
  /** The bearer token that shows /health's details and signs in to /admin (default env JITKIT_ADMIN_TOKEN). */
  adminToken?: string;
  /** Apply callback events in the background (default true). */
  realtime?: boolean;
  /** Serve the admin console at /admin (default true). */
  admin?: boolean;
  /** Deliver the corps' outbound webhooks (default true). */
  webhooks?: boolean;
  /** Run `sync.schedule` crons (default true). */
  schedule?: boolean;
  /** Sync a corp that was never synced when serving starts (default true). */
  initialSync?: boolean;
  /** Passed to each Type's background work (its event applier): pollMs, retryDelayMs … */
  realtimeOptions?: EventApplierOptions;
  /**
   * Apply callback events in a worker thread that loads the app again with these settings (what
   * `jitkit serve` does), so applying never holds up the answers to callbacks. Default: in this
   * thread. In the worker, only realtimeOptions' data fields apply (not onBatch or onEscalation).
   */
  eventWorker?: EventWorkerSpec;
}

export interface Served {
  fastify: FastifyInstance;
  corps: Map<string, ServedCorp>;
  /** What each corp serves: its login, its own routes (by description), or nothing ("sync only"). */
  offers: Map<string, { login: boolean; routes: CorpRoutes['describe'] }>;
  /** Set once listening. */
  url: string;
  /** Listens, then starts the background work (event appliers, first syncs, schedules). */
  listen(port: number, host: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * `jitkit serve`: for every corp of the app, the routes its Type brings (WeCom's callback URL,
 * DingTalk's push URL or Stream connection), member login, and /me; plus /health. Built on fastify. Settings are checked
 * before anything starts, and nothing runs in the background until the port is ours.
 */
export async function createServer(app: App, options: ServeOptions = {}): Promise<Served> {
  const logger: Logger = app.resolve(LOGGER).child({ component: 'serve' });
  const corps = servedCorps(app);
  checkSchedules(corps.values());
  const requestTimeout = options.requestTimeoutMs ?? 30_000;
  const fastify = Fastify({
    logger: false,
    trustProxy: options.trustProxy?.length ? options.trustProxy : false,
    requestTimeout,
    // Node checks for timed-out requests this often (its default, 30 s, would double the timeout),
    // and enforces requestTimeout only when headersTimeout is not longer than it.
    http: { connectionsCheckingInterval: Math.max(250, Math.min(1_000, requestTimeout / 4)), headersTimeout: requestTimeout },
    frameworkErrors: (err, _req, reply) =>
      sendError(reply, err.statusCode === 414 ? 414 : 400, err.statusCode === 414 ? 'the address is too long' : 'the address is not valid'),
  });
  httpHygiene(fastify);
  await fastify.register(cookie);
  fastify.setErrorHandler((err: Error & { statusCode?: number; code?: string }, req, reply) => {
    const status = err.statusCode ?? httpStatusOf(err);
    logger.warn('request refused', { path: req.routeOptions.url, status, code: err.code, ip: req.ip });
    return sendError(
      reply,
      status,
      status === 413
        ? 'body too large'
        : status === 408
          ? 'the request took too long to arrive'
          : status < 500
            ? 'bad request'
            : 'internal error',
    );
  });

  let jobs: Cron[] = [];
  let eventWorker: EventWorker | undefined;
  const offers = new Map<string, { login: boolean; routes: CorpRoutes['describe'] }>();
  const served: Served = {
    fastify,
    corps,
    offers,
    url: options.publicUrl ?? '',
    listen: async (port, host) => {
      let address: string;
      try {
        address = await fastify.listen({ port, host });
      } catch (err) {
        const code = (err as { code?: string }).code;
        if (code === 'EADDRINUSE')
          throw new JitError(
            'INVALID_ARGUMENT',
            `--port ${port}: ${host}:${port} is already in use; stop what holds it or choose another port with --port`,
            { flag: '--port', value: port },
          );
        if (code === 'EADDRNOTAVAIL' || code === 'EACCES')
          throw new JitError('INVALID_ARGUMENT', `--host ${host} / --port ${port}: cannot listen there (${code})`, {
            flag: '--host',
            value: host,
          });
        throw err;
      }
      served.url = options.publicUrl ?? address.replace('[::1]', 'localhost');
      jobs = startBackground();
      return served.url;
    },
    close: async () => {
      for (const job of jobs) job.stop();
      await fastify.close();
      // After the last delivery was answered: the worker finishes the batch it is in.
      await eventWorker?.stop();
      // A first sync still running finishes (or fails) before the app's database is closed under it.
      await Promise.allSettled(firstSyncs);
    },
  };

  healthRoute(fastify, app, corps, offers, options.adminToken ?? process.env.JITKIT_ADMIN_TOKEN, () => eventWorker?.state);
  fastify.get('/', async (_req, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .send(indexPage([...corps.values()].filter((c) => hasMemberLogin(c.corp)).map((c) => ({ name: c.name, title: c.corp.title })))),
  );
  const nextRun = (name: string): Date | null => {
    const running = jobs.find((j) => j.name === `sync ${name}`);
    if (running) return running.nextRun();
    const expr = (corps.get(name)?.corp.config.sync as { schedule?: string } | undefined)?.schedule;
    if (!expr) return null;
    const probe = new Cron(expr, { paused: true });
    const next = probe.nextRun();
    probe.stop();
    return next;
  };
  if (options.admin !== false)
    await adminConsole(fastify, {
      app,
      corps,
      token: options.adminToken ?? process.env.JITKIT_ADMIN_TOKEN,
      nextRun,
      publicUrl: () => served.url,
      secure: (options.publicUrl ?? '').startsWith('https:'),
      logger: logger.child({ component: 'admin' }),
      env: process.env,
    });
  loginRoutes(fastify, corps, {
    get publicUrl() {
      return served.url;
    },
    logger,
    secure: (options.publicUrl ?? '').startsWith('https:'),
  });

  // Each corp's Type says what it serves; serve knows no vendor. A Type's routes check their own
  // settings here (an unset secret stops serve before the port opens), and every corp needs its
  // row in the pool before anything arrives for it.
  const starts: (() => void)[] = [];
  const appliedInWorker: string[] = [];
  const firstSyncs: Promise<unknown>[] = [];
  for (const { name, corp } of corps.values()) {
    const realtime = options.eventWorker
      ? { ...options.realtimeOptions, appliedElsewhere: { wake: () => eventWorker?.wake(corp.fullName) } }
      : options.realtimeOptions;
    const own = servesRoutes(corp)
      ? corp.routes({
          name,
          logger,
          replayWindowSeconds: options.replayWindowSeconds ?? 300,
          bodyLimit: options.bodyLimit ?? 64 * 1024,
          realtime,
        })
      : undefined;
    if (own) {
      await fastify.register(async (child) => own.plugin(child));
      if (own.start && options.realtime !== false) {
        starts.push(own.start);
        if (options.eventWorker) appliedInWorker.push(corp.fullName);
      }
    }
    offers.set(name, { login: hasMemberLogin(corp), routes: own?.describe ?? [] });
    await corp.ensureCorp();
  }

  function startBackground(): Cron[] {
    for (const start of starts) start();
    if (options.eventWorker && appliedInWorker.length) {
      eventWorker = new EventWorker(app.dir, options.eventWorker, appliedInWorker, options.realtimeOptions, logger);
      eventWorker.start();
    }
    for (const { name, corp } of corps.values()) {
      const offer = offers.get(name)!;
      logger.info('corp served', {
        corp: name,
        login: offer.login,
        routes: offer.routes.length,
        syncOnly: !offer.login && offer.routes.length === 0,
      });
      // Notifications queued by any process's syncs are delivered from here (one deliverer per corp at a time).
      if (corp.webhooks.configured && options.webhooks !== false)
        corp.webhooks
          .start()
          .then(() => logger.info('delivering webhooks', { corp: name, receivers: corp.webhooks.describe().map((r) => r.url) }))
          .catch((err: unknown) =>
            logger.error('could not start webhook delivery', { corp: name, error: err instanceof Error ? err.message : String(err) }),
          );
      if (options.initialSync === false) continue;
      // A corp never synced gets its first sync in the background.
      const firstSync = corp
        .listSyncRuns(1)
        .then((runs) =>
          runs.length === 0
            ? corp
                .initCorp({ startedBy: 'serve (first sync)' })
                .then((r) => logger.info('first sync done', { corp: name, status: r.status, rowsWritten: r.rowsWritten }))
            : undefined,
        )
        .catch((err: unknown) =>
          logger.error('first sync failed', { corp: name, error: err instanceof Error ? err.message : String(err) }),
        );
      firstSyncs.push(firstSync);
    }
    return options.schedule === false ? [] : scheduleSyncs(corps.values(), logger);
  }
  return served;
}
