// `pnpm bench` (in @jitkit/cli, which serves it) for the admin console: the console's pages at 100,000 members / 5,000 departments
// (emulator in its own process, SQLite): the tree's first page and each expand, member search
// p50/p95, and a run page of a 10% change (about 10,000 changes), all timed over HTTP on loopback.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DATABASE, loadApp } from '@jitkit/core';
import { ddSimAppEnv, startDingTalkSim } from '@jitkit/dingtalk-sim';
import { DEMO_DINGTALK } from '@jitkit/testing';
import { simAppEnv, spawnWeComSim } from '@jitkit/wecom-sim';
import { createServer } from '../dist/index.js';

const USERS = Number(process.env.BENCH_USERS ?? 100_000);
const DEPTS = Number(process.env.BENCH_DEPTS ?? 5_000);
const TOKEN = 'bench-admin-token-0123456789';
const demoApp = fileURLToPath(new URL('../../../apps/demo', import.meta.url));
const fmt = (n, d = 0) => Number(n).toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

console.log(
  `admin console benchmark — node ${process.version}, ${os.cpus().length} cores; ${fmt(USERS)} members, ${fmt(DEPTS)} departments, SQLite`,
);
const sim = await spawnWeComSim({ users: USERS, depts: DEPTS, seed: 3, corpId: 'ww1234567890abcdef', agentId: '1000001' });
// The demo's DingTalk corp needs its (small) emulator too.
const dd = await startDingTalkSim({ ...DEMO_DINGTALK, users: 10, depts: 2, qps: 1000 });
const dir = mkdtempSync(path.join(os.tmpdir(), 'jitkit-admin-bench-'));
let app;
let served;
try {
  app = await loadApp(demoApp, {
    env: {
      ...process.env,
      ...ddSimAppEnv(dd),
      JITKIT_LOG_LEVEL: 'error',
      ...simAppEnv(sim),
    },
    database: `sqlite:${path.join(dir, 'pool.sqlite')}`,
  });
  served = await createServer(app, { adminToken: TOKEN, initialSync: false, realtime: false, schedule: false, webhooks: false });
  const corp = app.getElement('corps.MyQywxCorp');
  const first = await corp.initCorp();
  await sim.control.mutate(0.1, 5);
  const changed = await corp.syncCorp({ force: true });
  console.log(
    `first sync ${fmt(first.durations.totalMs / 1000, 1)} s; a 10% change: ${fmt(changed.changes.length)} changes in run ${changed.runId}`,
  );
  const url = await served.listen(0, '127.0.0.1');

  const login = await fetch(`${url}/admin/login`, { method: 'POST', body: new URLSearchParams({ token: TOKEN }), redirect: 'manual' });
  const cookie = login.headers.getSetCookie()[0].split(';')[0];
  const get = async (p) => {
    const t0 = performance.now();
    const res = await fetch(`${url}${p}`, { headers: { cookie } });
    const body = await res.text();
    if (res.status !== 200) throw new Error(`${p}: HTTP ${res.status}`);
    return { ms: performance.now() - t0, body };
  };
  const times = async (paths) => {
    const out = [];
    for (const p of paths) out.push((await get(p)).ms);
    return out;
  };
  const rows = [];
  const row = (name, xs, target) => {
    rows.push({ name, n: xs.length, p50: pct(xs, 50), p95: pct(xs, 95), max: Math.max(...xs), target });
    console.log(`  measured: ${name} (p95 ${fmt(pct(xs, 95), 1)} ms)`);
  };

  await get('/admin/corps/MyQywxCorp'); // warm the page's code paths once
  row('organisation page (root + first level)', await times(Array(20).fill('/admin/corps/MyQywxCorp')), 1_000);
  const db = app.resolve(DATABASE);
  const corpId = await corp.poolCorpId();
  const parents = (await db('jk_departments').where({ corp_id: corpId }).whereNotNull('parent_id').distinct('parent_id')).map(
    (r) => r.parent_id,
  );
  const sample = (xs, n) => Array.from({ length: n }, (_, i) => xs[(i * 7919) % xs.length]);
  row('expand a department', await times(sample(parents, 200).map((d) => `/admin/corps/MyQywxCorp/tree/${d}`)), 200);

  const members = await db('jk_members').where({ corp_id: corpId }).select('name', 'member_id', 'mobile', 'email');
  const picks = sample(members, 50);
  const queries = picks.flatMap((m, i) => [
    m.name.slice(0, 2),
    m.member_id,
    (m.mobile ?? '').slice(-6),
    (m.email ?? '').split('@')[0],
    `zz${i}none`,
  ]);
  row(
    'member search (name, userid, mobile, email, no match)',
    await times(queries.map((q) => `/admin/corps/MyQywxCorp/members?q=${encodeURIComponent(q)}`)),
    200,
  );
  row('member page', await times(picks.slice(0, 50).map((m) => `/admin/corps/MyQywxCorp/members/${encodeURIComponent(m.member_id)}`)), 200);
  const run = `/admin/corps/MyQywxCorp/runs/${changed.runId}`;
  row(
    `run page, ${fmt(changed.changes.length)} changes (first, middle, last page)`,
    await times([run, `${run}?offset=5000`, `${run}?offset=${changed.changes.length - 50}`, run, run]),
    1_000,
  );
  row('run page filtered (member.updated)', await times(Array(5).fill(`${run}?kind=member.updated`)), 1_000);
  // The first overview waits (up to 3 s) for doctor's online checks; later ones show them cached.
  const firstOverview = (await get('/admin')).ms;
  console.log(`  first overview (waits for doctor's online checks): ${fmt(firstOverview)} ms`);
  row('overview', await times(Array(5).fill('/admin')), 1_000);

  console.log('\npage                                                   n     p50 ms   p95 ms   max ms   target');
  for (const r of rows)
    console.log(
      `${r.name.padEnd(52)} ${String(r.n).padStart(4)} ${fmt(r.p50, 1).padStart(9)} ${fmt(r.p95, 1).padStart(8)} ${fmt(r.max, 1).padStart(8)}   ${r.p95 <= r.target ? 'met' : 'MISSED'} (p95 <= ${fmt(r.target)} ms)`,
    );
} finally {
  await served?.close();
  await app?.close();
  await sim.stop();
  await dd.close();
  rmSync(dir, { recursive: true, force: true });
}
