import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isJitError } from '@jitkit/core';
import { render } from 'preact-render-to-string';
import { changeHistory, countPending, isDiagnosable, POOL_TABLE_NAMES as T, type Corp, type Diagnosis } from '@jitkit/corps';
import { auditPage } from '../audit.js';
import { listOf, offsetOf, page, viewerOf, type AdminContext } from '../context.js';
import { memberRoles, searchMembers } from '../queries/members.js';
import { treeLevel } from '../queries/org-tree.js';
import { AuditPage } from '../views/audit.js';
import { MessagePage } from '../views/login.js';
import { MemberPage } from '../views/member.js';
import { MembersPage } from '../views/members.js';
import { OrgPage, TreeLevel } from '../views/org.js';
import { OverviewPage, type CorpOverview } from '../views/overview.js';

const PAGE = 50;
const HEALTH_TTL_MS = 5 * 60_000;
const HEALTH_WAIT_MS = 3_000;

/** The overview, the tree, member search and the member page with its actions; the audit log. */
export function orgRoutes(fastify: FastifyInstance, ctx: AdminContext): void {
  const health = new Map<string, { at: number; checks: Diagnosis[] }>();
  // jitkit doctor's checks, upstream included, refreshed at most every 5 minutes per corp in the
  // background (one run at a time). The first page load waits HEALTH_WAIT_MS for it, then shows
  // the offline checks; later loads show the last result at once.
  const inflight = new Map<string, Promise<Diagnosis[]>>();
  const healthOf = async (corp: Corp): Promise<Diagnosis[]> => {
    if (!isDiagnosable(corp)) return [];
    const cached = health.get(corp.fullName);
    if (cached && cached.at > ctx.clock.now() - HEALTH_TTL_MS) return cached.checks;
    const failed = (e: unknown) => [{ area: 'doctor', status: 'fail' as const, message: e instanceof Error ? e.message : String(e) }];
    let running = inflight.get(corp.fullName);
    if (!running) {
      const publicUrl = ctx.publicUrl?.();
      running = corp
        .diagnose(publicUrl ? { publicUrl } : {})
        .catch(failed)
        .then((checks) => {
          health.set(corp.fullName, { at: ctx.clock.now(), checks });
          return checks;
        })
        .finally(() => inflight.delete(corp.fullName));
      inflight.set(corp.fullName, running);
    }
    if (cached) return cached.checks;
    return (
      (await Promise.race([running, sleep(HEALTH_WAIT_MS, undefined, { ref: false })])) ??
      (await corp.diagnose({ offline: true }).catch(failed))
    );
  };
  const notFound = (req: FastifyRequest, reply: FastifyReply, what: string) =>
    page(reply, <MessagePage title="Not found" message={what} viewer={viewerOf(req)} back="/admin" />, 404);
  const corpOf = (name: string) => ctx.corps.get(name);

  fastify.get('/', async (req, reply) => {
    const corps: CorpOverview[] = [];
    for (const { name, corp } of ctx.corps.values()) {
      const typeDefine = ctx.app.getElementDefine(corp.corpType);
      // The pool's summary comes from the corp itself; a corp serve has not created yet has none.
      const info = await corp.getCorpInfo().catch((e: unknown) => (isJitError(e, 'CORP_NOT_INITIALIZED') ? undefined : Promise.reject(e)));
      const last = info ? (await corp.listSyncRuns(1))[0] : undefined;
      corps.push({
        name,
        title: corp.title,
        fullName: corp.fullName,
        type: corp.corpType,
        typeOverrides: typeDefine.overrides,
        upstreamCorpId: info?.corpId ?? (corp.authConfig.corpId as string | undefined) ?? null,
        initialized: Boolean(last),
        active: info?.memberCount ?? 0,
        resigned: info?.resignedCount ?? 0,
        departments: info?.deptCount ?? 0,
        lastRun: last ? { runId: last.runId, status: last.status, startedAt: last.startedAt, counts: last.counts } : null,
        nextRun: ctx.nextRun?.(name) ?? null,
        pendingEvents: info ? await countPending(ctx.db, await corp.poolCorpId()) : 0,
        health: await healthOf(corp),
      });
    }
    return page(reply, <OverviewPage viewer={viewerOf(req)} corps={corps} />);
  });

  fastify.get<{ Params: { corp: string } }>('/corps/:corp', async (req, reply) => {
    const c = corpOf(req.params.corp);
    if (!c) return notFound(req, reply, `No corp ${req.params.corp} in this app.`);
    const row = await ctx.db(T.corps).where({ full_name: c.corp.fullName }).first('id', 'root_dept_id');
    const [root] = row ? await treeLevel(ctx.db, row.id, { rootId: row.root_dept_id }) : [];
    const level = root ? await treeLevel(ctx.db, row.id, { parentId: root.deptId }) : [];
    return page(reply, <OrgPage viewer={viewerOf(req)} name={c.name} title={c.corp.title} root={root} level={level} />);
  });

  // One level of the tree, as an HTML fragment for the expanding <details>.
  fastify.get<{ Params: { corp: string; dept: string } }>('/corps/:corp/tree/:dept', async (req, reply) => {
    const c = corpOf(req.params.corp);
    if (!c) return notFound(req, reply, `No corp ${req.params.corp} in this app.`);
    const nodes = await treeLevel(ctx.db, await c.corp.poolCorpId(), { parentId: req.params.dept });
    return reply.type('text/html; charset=utf-8').send(render(<TreeLevel corp={c.name} nodes={nodes} />));
  });

  fastify.get<{ Params: { corp: string }; Querystring: { q?: string; dept?: string; offset?: string } }>(
    '/corps/:corp/members',
    async (req, reply) => {
      const c = corpOf(req.params.corp);
      if (!c) return notFound(req, reply, `No corp ${req.params.corp} in this app.`);
      const q = String(req.query.q ?? '').slice(0, 100);
      const offset = offsetOf(req.query.offset);
      const deptId = req.query.dept ? String(req.query.dept).slice(0, 64) : undefined;
      const found = await searchMembers(ctx.db, await c.corp.poolCorpId(), { q, ...(deptId ? { deptId } : {}), offset, limit: PAGE });
      return page(
        reply,
        <MembersPage
          viewer={viewerOf(req)}
          name={c.name}
          title={c.corp.title}
          q={q}
          deptId={deptId}
          offset={offset}
          limit={PAGE}
          total={found.total}
          members={found.members}
        />,
      );
    },
  );

  const memberPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    name: string,
    memberId: string,
    notice?: string,
    error?: string,
    status = 200,
  ) => {
    const c = corpOf(name);
    if (!c) return notFound(req, reply, `No corp ${name} in this app.`);
    const m = await c.corp.getMember(memberId);
    if (!m) return notFound(req, reply, `No member ${memberId} in ${c.corp.title}.`);
    const corpId = await c.corp.poolCorpId();
    return page(
      reply,
      <MemberPage
        viewer={viewerOf(req)}
        name={c.name}
        title={c.corp.title}
        member={m}
        roles={await memberRoles(ctx.db, corpId, memberId)}
        allRoles={(await c.corp.listRoles()).map((r) => ({ roleId: r.roleId, name: r.name, source: r.source }))}
        isAdmin={(await c.corp.getAdmin()).includes(memberId)}
        signature={(await c.corp.getUserSignature(memberId)).signature}
        history={await changeHistory(ctx.db, corpId, memberId)}
        notice={notice}
        error={error}
      />,
      status,
    );
  };

  fastify.get<{ Params: { corp: string; member: string }; Querystring: { done?: string } }>(
    '/corps/:corp/members/:member',
    async (req, reply) =>
      memberPage(req, reply, req.params.corp, req.params.member, req.query.done ? String(req.query.done).slice(0, 200) : undefined),
  );

  /** Runs a member action, audits it, and shows the member page with the outcome. */
  const act = async (
    req: FastifyRequest<{ Params: { corp: string; member: string } }>,
    reply: FastifyReply,
    action: string,
    detail: string,
    run: (corp: Corp, memberId: string) => Promise<string>,
  ) => {
    const c = corpOf(req.params.corp);
    if (!c) return notFound(req, reply, `No corp ${req.params.corp} in this app.`);
    const target = `${c.name}:${req.params.member}`;
    try {
      const done = await run(c.corp, req.params.member);
      await ctx.audit(req.admin!, action, target, detail, 'ok');
      return reply.redirect(
        `/admin/corps/${encodeURIComponent(c.name)}/members/${encodeURIComponent(req.params.member)}?done=${encodeURIComponent(done)}`,
        303,
      );
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      await ctx.audit(req.admin!, action, target, detail, `failed: ${message}`);
      return memberPage(req, reply, c.name, req.params.member, undefined, message, 400);
    }
  };

  fastify.post<{ Params: { corp: string; member: string }; Body: { roleId?: string | string[] } }>(
    '/corps/:corp/members/:member/roles',
    async (req, reply) => {
      const ids = listOf(req.body?.roleId);
      return act(req, reply, 'role change', `manual roles: ${ids.join(', ') || '(none)'}`, async (corp, memberId) => {
        await corp.setUserRole(memberId, ids);
        return `Manual roles saved (${ids.length}).`;
      });
    },
  );

  fastify.post<{ Params: { corp: string; member: string }; Body: { confirm?: string } }>(
    '/corps/:corp/members/:member/resign',
    async (req, reply) =>
      act(req, reply, 'resign', 'offlineMember in this corp', async (corp, memberId) => {
        if (req.body?.confirm !== 'yes') throw new Error('tick the confirmation to resign this member');
        await corp.offlineMember([memberId]);
        return 'Resigned in this corp.';
      }),
  );

  fastify.post<{ Params: { corp: string; member: string }; Body: { admin?: string } }>(
    '/corps/:corp/members/:member/admin',
    async (req, reply) => {
      const make = req.body?.admin === 'yes';
      return act(req, reply, 'admin change', make ? 'make admin' : 'remove admin', async (corp, memberId) => {
        const admins = await corp.getAdmin();
        await corp.setAdmin(make ? [...new Set([...admins, memberId])] : admins.filter((a) => a !== memberId));
        return make ? 'Now an admin.' : 'No longer an admin.';
      });
    },
  );

  fastify.get<{ Querystring: { offset?: string } }>('/audit', async (req, reply) => {
    const offset = offsetOf(req.query.offset);
    const { total, entries } = await auditPage(ctx.db, offset, PAGE);
    return page(reply, <AuditPage viewer={viewerOf(req)} entries={entries} offset={offset} limit={PAGE} total={total} />);
  });
}
