import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isJitError } from '@jitkit/core';
import { findRun, reportOf, runChangePage } from '@jitkit/corps';
import { offsetOf, page, viewerOf, type AdminContext } from '../context.js';
import { MessagePage } from '../views/login.js';
import { PlanPage } from '../views/plan.js';
import { CHANGE_KINDS, RunPage, RunsPage } from '../views/runs.js';

const PAGE = 100;

/** The run history, a run's paged change list, and plan-then-apply. */
export function runRoutes(fastify: FastifyInstance, ctx: AdminContext): void {
  const message = (req: FastifyRequest, reply: FastifyReply, title: string, text: string, status: number, back: string) =>
    page(reply, <MessagePage title={title} message={text} viewer={viewerOf(req)} back={back} />, status);

  fastify.get<{ Params: { corp: string } }>('/corps/:corp/runs', async (req, reply) => {
    const c = ctx.corps.get(req.params.corp);
    if (!c) return message(req, reply, 'Not found', `No corp ${req.params.corp} in this app.`, 404, '/admin');
    const runs = await c.corp.listSyncRuns(100).catch((e: unknown) => (isJitError(e, 'CORP_NOT_INITIALIZED') ? [] : Promise.reject(e)));
    return page(reply, <RunsPage viewer={viewerOf(req)} name={c.name} title={c.corp.title} runs={runs} />);
  });

  fastify.get<{ Params: { corp: string; run: string }; Querystring: { kind?: string; offset?: string } }>(
    '/corps/:corp/runs/:run',
    async (req, reply) => {
      const c = ctx.corps.get(req.params.corp);
      if (!c) return message(req, reply, 'Not found', `No corp ${req.params.corp} in this app.`, 404, '/admin');
      const run = await findRun(ctx.db, await c.corp.poolCorpId(), req.params.run);
      if (!run)
        return message(
          req,
          reply,
          'Not found',
          `No run ${req.params.run} of ${c.corp.title}.`,
          404,
          `/admin/corps/${encodeURIComponent(c.name)}/runs`,
        );
      const kind = CHANGE_KINDS.includes(String(req.query.kind)) ? String(req.query.kind) : undefined;
      const offset = offsetOf(req.query.offset);
      const { total, changes } = await runChangePage(ctx.db, run.runId, { ...(kind ? { kinds: [kind] } : {}), offset, limit: PAGE });
      return page(
        reply,
        <RunPage
          viewer={viewerOf(req)}
          name={c.name}
          title={c.corp.title}
          run={run}
          kind={kind}
          offset={offset}
          limit={PAGE}
          total={total}
          changes={changes}
        />,
      );
    },
  );

  // The dry run: what a sync would change now, shown for review; nothing is written.
  fastify.post<{ Params: { corp: string } }>('/corps/:corp/plan', async (req, reply) => {
    const c = ctx.corps.get(req.params.corp);
    if (!c) return message(req, reply, 'Not found', `No corp ${req.params.corp} in this app.`, 404, '/admin');
    try {
      const plan = await c.corp.syncCorp({ dryRun: true });
      return page(reply, <PlanPage viewer={viewerOf(req)} name={c.name} title={c.corp.title} plan={plan} />);
    } catch (err) {
      const plan = reportOf(err);
      if (isJitError(err, 'SYNC_GUARD') && plan)
        return page(
          reply,
          <PlanPage
            viewer={viewerOf(req)}
            name={c.name}
            title={c.corp.title}
            plan={plan}
            guard={{ code: err.code, message: err.message }}
          />,
        );
      return message(
        req,
        reply,
        'The plan failed',
        err instanceof Error ? err.message : String(err),
        502,
        `/admin/corps/${encodeURIComponent(c.name)}/runs`,
      );
    }
  });

  // Applies exactly the reviewed plan: the engine re-plans under the lock and refuses if the fingerprint moved.
  fastify.post<{ Params: { corp: string }; Body: { fingerprint?: string; confirmGuard?: string } }>(
    '/corps/:corp/apply',
    async (req, reply) => {
      const c = ctx.corps.get(req.params.corp);
      if (!c) return message(req, reply, 'Not found', `No corp ${req.params.corp} in this app.`, 404, '/admin');
      const runsUrl = `/admin/corps/${encodeURIComponent(c.name)}/runs`;
      const fingerprint = typeof req.body?.fingerprint === 'string' ? req.body.fingerprint : '';
      if (!/^[\w-]{43}$/.test(fingerprint)) return message(req, reply, 'No plan', 'Apply a plan from its review page.', 400, runsUrl);
      const confirmed = req.body?.confirmGuard === 'yes';
      const target = c.name;
      try {
        const r = await c.corp.syncCorp({ expectFingerprint: fingerprint, force: confirmed, startedBy: `admin:${req.admin!.actor}` });
        const detail = `run ${r.runId}: ${r.changes.length} changes, ${r.rowsWritten} rows`;
        if (confirmed) await ctx.audit(req.admin!, 'guard confirmed', target, `plan ${fingerprint}`, 'ok');
        await ctx.audit(req.admin!, 'plan applied', target, detail, 'ok');
        return reply.redirect(`${runsUrl}/${r.runId}`, 303);
      } catch (err) {
        const text = err instanceof Error ? err.message : String(err);
        await ctx.audit(req.admin!, 'plan applied', target, `plan ${fingerprint}`, `refused: ${text}`);
        if (isJitError(err, 'PLAN_CHANGED')) return message(req, reply, 'The plan is out of date', text, 409, runsUrl);
        if (isJitError(err, 'SYNC_GUARD'))
          return message(req, reply, 'Stopped by the guard', `${text} Plan again and confirm the guard to apply it.`, 409, runsUrl);
        return message(req, reply, 'The sync failed', text, 502, runsUrl);
      }
    },
  );
}
