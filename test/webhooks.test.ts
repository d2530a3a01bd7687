// Issue 13, outbound webhooks: every committed run's notifications are queued in its own
// transaction and delivered signed, at least once; a rolled-back run sends nothing of its
// changes; a receiver outage is retried; a SIGKILL between commit and delivery loses nothing.
import { execFile } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE, loadApp, type App } from '@jitkit/core';
import { POOL_TABLE_NAMES } from '@jitkit/corps';
import type { QywxInnerType } from '@jitkit/corps-qywx-inner';
import { availability, createTestDatabase, dbTitle, DB_KINDS, type TestDatabase } from '@jitkit/testing';
import { startWeComSim, type WeComSim } from '@jitkit/wecom-sim';
import { benchAppDir, benchEnv, syncInChild } from './helpers/bench-app.js';
import { breakApply } from './helpers/break-apply.js';
import { HookReceiver } from './helpers/hook-receiver.js';

const SECRET = 'webhook-test-secret-0123456789';
const jitkitBin = fileURLToPath(new URL('../packages/cli/dist/bin.js', import.meta.url));
const exec = promisify(execFile);
const FAST = { baseDelayMs: 40, maxDelayMs: 200 };

for (const kind of DB_KINDS) {
  describe.skipIf(!availability(kind).available)(`webhooks on ${dbTitle(kind)}`, () => {
    let sim: WeComSim;
    let db: TestDatabase;
    let app: App;
    let corp: QywxInnerType;
    const receiver = new HookReceiver();
    let env: Record<string, string>;
    const queued = async (runId: string) =>
      (await app.resolve(DATABASE)(POOL_TABLE_NAMES.webhookDeliveries).where({ run_id: runId }).select('event_id', 'event')) as {
        event_id: string;
        event: string;
      }[];

    beforeAll(async () => {
      sim = await startWeComSim({ users: 200, depts: 20, tags: 2, seed: 31 });
      db = await createTestDatabase(kind);
      env = { ...benchEnv(sim), HOOK_URL: await receiver.start(), HOOK_SECRET: SECRET };
      app = await loadApp(benchAppDir, { env, database: db.url });
      corp = app.getElement<QywxInnerType>('corps.HookCorp');
    });
    afterAll(async () => {
      await app?.close();
      await receiver.close();
      await sim?.close();
      await db?.drop();
    });

    it('a committed run queues one notification per wanted change, delivered signed with its event id', async () => {
      const r = await corp.initCorp();
      const wanted = r.changes.filter((c) => c.kind.startsWith('member.') || c.kind.startsWith('dept.'));
      expect(r.notificationsQueued).toBe(wanted.length);
      const round = await corp.webhooks.deliver();
      expect(round).toMatchObject({ ran: true, delivered: wanted.length, failed: 0 });
      expect(receiver.received).toHaveLength(wanted.length);
      for (const { headers, body } of receiver.received) {
        const expected = `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;
        expect(headers['x-jitkit-signature']).toBe(expected);
        const n = JSON.parse(body) as { id: string; event: string; runId: string; corp: string; time: number; change: { kind: string } };
        expect(headers['x-jitkit-event-id']).toBe(n.id);
        expect(n).toMatchObject({ runId: r.runId, corp: 'corps.HookCorp' });
        expect(n.event.replace(/^department\./, 'dept.')).toBe(n.change.kind);
      }
      // Roles were not asked for: no role.* event was queued.
      expect(receiver.received.some((x) => String(x.headers['x-jitkit-event']).startsWith('role.'))).toBe(false);
      expect(Math.max(...receiver.counts().values())).toBe(1);
    });

    it('a receiver outage is retried with backoff until it answers; every attempt is recorded', async () => {
      receiver.clear();
      receiver.status = 503;
      await sim.control.mutate(0.05, 7);
      const r = await corp.syncCorp();
      const first = await corp.webhooks.deliver({ settings: FAST });
      // The receiver failed once and was paused: the rest of the batch waited rather than piling on.
      expect(first.delivered).toBe(0);
      expect(first.failed).toBeGreaterThanOrEqual(1);
      receiver.status = 200;
      for (let i = 0; i < 50 && (await corp.webhooks.list({ status: 'pending', runId: r.runId })).length > 0; i++) {
        await new Promise((res) => setTimeout(res, 60));
        await corp.webhooks.deliver({ settings: FAST });
      }
      const ids = (await queued(r.runId)).map((q) => q.event_id).sort();
      expect(ids.length).toBe(r.notificationsQueued);
      expect([...receiver.counts().keys()].sort()).toEqual(ids);
      const retried = (await corp.webhooks.list({ runId: r.runId, limit: 10_000 })).filter((d) => d.attempts > 1);
      expect(retried.length).toBeGreaterThanOrEqual(1);
      const attempts = await corp.webhooks.attempts(retried[0]!.id);
      expect(attempts[0]).toMatchObject({ status: 503, error: 'HTTP 503' });
      expect(attempts.at(-1)).toMatchObject({ status: 200, error: null });
    });

    it('a rolled-back run queues none of its changes, only sync.failed', async () => {
      await sim.control.mutate(0.05, 8);
      const plan = await corp.syncCorp({ dryRun: true });
      const victim = plan.changes.filter((c) => c.kind === 'member.added' || c.kind === 'member.updated').at(-1)!;
      const restore = await breakApply(app.resolve(DATABASE), kind, victim.id);
      let runId = '';
      try {
        const err = (await corp.syncCorp().catch((e: unknown) => e)) as { report?: { runId: string } };
        runId = err.report!.runId;
      } finally {
        await restore();
      }
      expect(await queued(runId)).toEqual([{ event_id: `${runId}:0`, event: 'sync.failed' }]);
      receiver.clear();
      await corp.webhooks.deliver();
      expect(receiver.received.map((x) => JSON.parse(x.body).event)).toEqual(['sync.failed']);
    });

    it('SIGKILL between commit and delivery: the next deliverer sends every notification of the run, once each', async () => {
      receiver.clear();
      await sim.control.mutate(0.03, 9);
      const child = syncInChild(sim, db.url, 'hold', { ...env, CHILD_CORP: 'corps.HookCorp' });
      await child.waitFor(/^(done|failed) /);
      child.kill();
      expect(await child.exited).toBe('SIGKILL');
      const line = child.lines.find((l) => l.startsWith('done '));
      expect(line, child.lines.join('\n')).toBeDefined();
      const done = JSON.parse(line!.slice(5)) as { runId: string; status: string };
      expect(done.status).toBe('succeeded');
      const ids = (await queued(done.runId)).map((q) => q.event_id);
      expect(ids.length).toBeGreaterThan(0);
      // Nothing was sent before the kill.
      expect(receiver.received).toHaveLength(0);
      await corp.webhooks.deliver();
      const counts = receiver.counts();
      expect([...counts.keys()].sort()).toEqual([...ids].sort());
      expect([...counts.values()].every((n) => n === 1)).toBe(true);
    });

    it('jitkit sync delivers what it can; jitkit webhooks lists the rest and --deliver sends it, never printing the secret', async () => {
      receiver.clear();
      receiver.status = 500;
      await sim.control.mutate(0.03, 10);
      const cli = (args: string[]) =>
        exec(process.execPath, [jitkitBin, ...args, '--database', db.url], { env: { ...process.env, ...env, VITEST: '' } });
      const sync = await cli(['sync', benchAppDir, 'HookCorp']);
      expect(sync.stdout).toMatch(/webhooks: 0 delivered, 1 failed \(retried later\), \d+ waiting/);
      const pending = JSON.parse(
        (await cli(['webhooks', benchAppDir, 'HookCorp', '--status', 'pending', '--limit', '100000', '--json'])).stdout,
      ) as {
        receivers: { url: string }[];
        deliveries: { status: string; lastError: string }[];
      };
      expect(pending.receivers).toEqual([{ url: env.HOOK_URL, events: ['member.*', 'department.*', 'sync.failed'], timeoutMs: 2000 }]);
      expect(pending.deliveries.length).toBeGreaterThan(0);
      expect(pending.deliveries.some((d) => d.lastError === 'HTTP 500')).toBe(true);
      receiver.status = 200;
      // The failed receiver's retry is due after the backoff (10 s): move the outbox's clock instead of waiting.
      await app.resolve(DATABASE)(POOL_TABLE_NAMES.webhookDeliveries).where({ status: 'pending' }).update({ next_at: 0 });
      const sent = await cli(['webhooks', benchAppDir, 'HookCorp', '--deliver']);
      expect(sent.stdout).toMatch(/^webhooks: [1-9]\d* delivered\n/);
      expect(sent.stdout).toMatch(/outbox:\n {2}http:\/\/127\.0\.0\.1:\d+\/hooks {2}delivered/);
      for (const out of [sync.stdout, sync.stderr, sent.stdout, sent.stderr]) expect(out).not.toContain(SECRET);
    });
  });
}
