// `pnpm bench` for @jitkit/corps: webhook notifications of a 10% change in a 100,000-member
// corp (10,000 member.updated), queued in the sync's transaction and delivered to a receiver in
// its own process that checks every signature. Target: all delivered in under 30 s.
import { spawn } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { createDatabase, MemoryLogger, parseDatabaseUrl, systemClock } from '@jitkit/core';
import { availability, createTestDatabase, dbTitle, DB_KINDS } from '@jitkit/testing';
import { CorpWebhooks, PoolStore, runSync, webhookTargets } from '../dist/index.js';
import { ensureCorp } from '../dist/pool/corp-records.js';

const USERS = Number(process.env.BENCH_USERS ?? 100_000);
const DEPTS = Number(process.env.BENCH_DEPTS ?? 5_000);
const SHARE = 0.1;
const SECRET = 'bench-webhook-secret-0123456789';
const fmt = (n, d = 0) => Number(n).toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

function org() {
  const depts = [{ externalId: '1', name: '总部', parentExternalId: null, order: 0, leaders: [] }];
  for (let d = 2; d <= DEPTS; d++)
    depts.push({
      externalId: String(d),
      name: `部门${d}`,
      parentExternalId: String(Math.max(1, Math.floor(d / 8))),
      order: d,
      leaders: [],
    });
  const members = [];
  for (let i = 0; i < USERS; i++) {
    const dept = String(2 + (i % (DEPTS - 1)));
    members.push({
      externalId: `u${i}`,
      name: `成员${i}`,
      position: '工程师',
      mobile: `138${String(i).padStart(8, '0')}`,
      upstreamStatus: 1,
      enabled: true,
      memberships: [{ deptExternalId: dept, isLeader: false, order: i }],
      mainDeptExternalId: dept,
      directLeaders: [],
    });
  }
  return { depts, members, tags: [] };
}

async function startReceiver() {
  const proc = spawn(process.execPath, [fileURLToPath(new URL('./receiver.mjs', import.meta.url)), SECRET], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise((resolve) => proc.stdout.once('data', (d) => resolve(Number(String(d).trim()))));
  const url = `http://127.0.0.1:${port}/hooks`;
  return { url, proc, count: async () => (await fetch(url)).json() };
}

console.log(
  `webhook delivery benchmark — node ${process.version}, ${os.cpus().length} cores; ${fmt(USERS)} members, ${fmt(DEPTS)} departments`,
);
const receiver = await startReceiver();
const rows = [];
try {
  for (const kind of DB_KINDS) {
    const avail = availability(kind);
    if (!avail.available) {
      console.log(avail.reason);
      continue;
    }
    const db = await createTestDatabase(kind);
    const knex = createDatabase(parseDatabaseUrl(db.url, process.cwd()));
    try {
      const logger = new MemoryLogger('warn');
      await PoolStore.for(knex).ready();
      const corp = await ensureCorp(knex, {
        fullName: 'corps.Bench',
        title: 'Bench',
        type: 'corps.BenchType',
        externalId: null,
        rootDeptId: '1',
        now: Date.now(),
      });
      const upstream = org();
      const source = { fetch: async () => structuredClone(upstream), callCount: () => 0 };
      const sync = (outbox) =>
        runSync(
          { store: PoolStore.for(knex), clock: systemClock, logger },
          { corpId: corp.id, fullName: 'corps.Bench', rootDeptId: '1' },
          source,
          {
            guard: false,
            ...(outbox ? { outbox } : {}),
          },
        );
      await sync();
      const hooks = new CorpWebhooks(
        { db: knex, clock: systemClock, logger, http: () => undefined, corp: async () => corp },
        webhookTargets({ webhooks: [{ url: receiver.url, secret: SECRET, events: ['member.*'] }] }),
      );
      const change = (round) => {
        for (let i = 0; i < USERS * SHARE; i++) upstream.members[(i * 10 + round) % USERS].position = `职位${round}`;
      };
      change(1);
      const plain = await sync();
      change(2);
      const queued = await sync(hooks.outboxWriter(corp.id, 'corps.Bench'));
      const before = (await receiver.count()).distinct;
      const t0 = performance.now();
      const round = await hooks.deliver();
      const deliverMs = performance.now() - t0;
      const got = (await receiver.count()).distinct - before;
      rows.push({
        db: dbTitle(kind),
        notifications: queued.notificationsQueued,
        delivered: round.delivered,
        received: got,
        applyPlainMs: plain.durations.applyMs,
        applyQueuedMs: queued.durations.applyMs,
        deliverMs,
      });
    } finally {
      await knex.destroy();
      await db.drop();
    }
  }
} finally {
  receiver.proc.kill();
}

console.log('\ndb          notifications  apply without / with outbox   delivered   received   deliver time   rate');
for (const r of rows)
  console.log(
    `${r.db.padEnd(11)} ${fmt(r.notifications).padStart(13)}  ${`${fmt(r.applyPlainMs)} / ${fmt(r.applyQueuedMs)} ms`.padStart(27)}  ${fmt(r.delivered).padStart(10)} ${fmt(r.received).padStart(10)}  ${`${fmt(r.deliverMs / 1000, 2)} s`.padStart(13)}  ${fmt(r.delivered / (r.deliverMs / 1000))}/s`,
  );
const missed = rows.filter((r) => r.deliverMs > 30_000 || r.received !== r.notifications);
console.log(
  `\ntarget: 10,000 notifications delivered (each signature checked by the receiver) in under 30 s: ${missed.length ? `MISSED (${missed.map((r) => r.db).join(', ')})` : 'met'}`,
);
