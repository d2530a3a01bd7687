import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DATABASE, type App } from '@jitkit/core';
import { countPending } from '@jitkit/corps';
import type { EventWorker } from './event-worker.js';
import type { ServedCorp } from './serve-corps.js';

/** True when the request carries `Authorization: Bearer <JITKIT_ADMIN_TOKEN>` (and one is set). */
export function isAdmin(req: FastifyRequest, adminToken: string | undefined): boolean {
  const m = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
  if (!adminToken || !m) return false;
  const a = Buffer.from(m[1]!);
  const b = Buffer.from(adminToken);
  return a.length === b.length && timingSafeEqual(a, b);
}

async function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * /health: 200 `ok` or 503 `degraded` with which dependency failed. Counts, queues and last runs
 * only for the admin token (they tell an outsider how big the organisation is). `applier`: the
 * state of the thread that applies callback events, where serve runs one (`starting`, `ready`,
 * `restarting`); callbacks are taken and queued whatever it is, so it does not make the answer a 503.
 */
export function healthRoute(
  fastify: FastifyInstance,
  app: App,
  corps: Map<string, ServedCorp>,
  offers: ReadonlyMap<string, { routes: unknown[] }>,
  adminToken: string | undefined,
  applier?: () => EventWorker['state'] | undefined,
): void {
  fastify.get('/health', async (req, reply) => {
    const db = app.resolve(DATABASE);
    const database = await within(2_000, db.raw('select 1')).then(
      () => 'ok' as const,
      () => 'down' as const,
    );
    const status = database === 'ok' ? 'ok' : 'degraded';
    reply.code(status === 'ok' ? 200 : 503).header('Cache-Control', 'no-store');
    const applierState = applier?.();
    const body: Record<string, unknown> = { status, checks: { database, ...(applierState ? { applier: applierState } : {}) } };
    if (!isAdmin(req, adminToken)) return body;
    body.app = app.appId;
    body.corps = await Promise.all(
      [...corps.values()].map(async ({ name, corp }) => {
        const callbacks = (offers.get(name)?.routes.length ?? 0) > 0;
        if (database !== 'ok') return { name, fullName: corp.fullName, callbacks };
        const info = await corp.getCorpInfo().catch(() => undefined);
        const pending = info ? await countPending(db, await corp.poolCorpId()) : null;
        return {
          name,
          fullName: corp.fullName,
          callbacks,
          initialized: Boolean(info),
          members: info?.memberCount ?? null,
          pendingEvents: pending,
          lastSync: info?.lastSync ?? null,
        };
      }),
    );
    return body;
  });
}
