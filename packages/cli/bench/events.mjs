// `pnpm bench` for @jitkit/cli: callback events applied end to end (emulator push -> verify ->
// re-read -> commit) by `jitkit serve`, with the emulator in its own process: 1,000 member
// updates at 50 events/s (latency from the change to its commit), then 1,000 as fast as possible.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadApp } from '@jitkit/core';
import { ddSimAppEnv, startDingTalkSim } from '@jitkit/dingtalk-sim';
import { DEMO_DINGTALK } from '@jitkit/testing';
import { simAppEnv, spawnWeComSim } from '@jitkit/wecom-sim';
import { createServer } from '../dist/index.js';

const demoApp = fileURLToPath(new URL('../../../apps/demo', import.meta.url));
const USERS = 20_000;
const DEPTS = 1_000;
const fmt = (n, d = 0) => Number(n).toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

console.log(`callback events benchmark — node ${process.version}, ${os.cpus().length} cores`);
const sim = await spawnWeComSim({ users: USERS, depts: DEPTS, seed: 5, corpId: 'ww1234567890abcdef', agentId: '1000001' });
// The demo's DingTalk corp is served too: it needs its (small) emulator.
const dd = await startDingTalkSim({ ...DEMO_DINGTALK, users: 10, depts: 2, qps: 1000 });
const dir = mkdtempSync(path.join(os.tmpdir(), 'jitkit-events-'));
const pending = new Map(); // userid -> time its change was made
const latencies = [];
let lastCommit = 0;
const app = await loadApp(demoApp, {
  env: {
    ...process.env,
    ...ddSimAppEnv(dd),
    JITKIT_LOG_LEVEL: 'error',
    ...simAppEnv(sim),
  },
  database: `sqlite:${path.join(dir, 'pool.sqlite')}`,
});
try {
  const corp = app.getElement('corps.MyQywxCorp');
  const first = await corp.initCorp();
  console.log(
    `emulator (own process): ${fmt(sim.users)} members, ${fmt(sim.depts)} departments; first sync ${fmt(first.durations.totalMs)} ms`,
  );
  const served = await createServer(app, {
    schedule: false,
    realtimeOptions: {
      pollMs: 200,
      onBatch: ({ events, committedAt }) => {
        for (const e of events) {
          const t = pending.get(e.payload.userId);
          if (t === undefined) continue;
          pending.delete(e.payload.userId);
          latencies.push(committedAt - t);
        }
        lastCommit = committedAt;
      },
    },
  });
  const url = await served.listen(0, '127.0.0.1');
  await sim.control.setCallback({ url: `${url}/wecom/callback/MyQywxCorp` });
  const users = (await sim.control.snapshot()).users.map((u) => u.userid).filter((u) => u !== undefined);

  const run = async (label, count, ratePerSec, offset) => {
    latencies.length = 0;
    const started = Date.now();
    for (let i = 0; i < count; i++) {
      if (ratePerSec) {
        const due = started + (i * 1000) / ratePerSec;
        if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
      }
      const userid = users[offset + i];
      pending.set(userid, Date.now());
      await sim.control.org('user/update', { userid, position: `bench ${label} ${i}` });
    }
    await sim.control.drainCallbacks();
    while (pending.size) await new Promise((r) => setTimeout(r, 20));
    const sorted = [...latencies].sort((a, b) => a - b);
    const wall = lastCommit - started;
    return { label, count, wall, rate: count / (wall / 1000), p50: pct(sorted, 50), p99: pct(sorted, 99), max: sorted.at(-1) };
  };

  const paced = await run('paced', 1_000, 50, 0);
  const burst = await run('burst', 1_000, 0, 1_000);
  const runs = await corp.listSyncRuns(5_000);
  const eventRuns = runs.filter((r) => r.kind === 'event');
  console.log('\nstream                              events  wall       applied/s  p50 push→commit  p99      max');
  for (const r of [paced, burst]) {
    console.log(
      `${(r.label === 'paced' ? '1,000 updates at 50 events/s' : '1,000 updates, as fast as possible').padEnd(36)}${fmt(r.count).padStart(6)}  ${(fmt(r.wall / 1000, 2) + ' s').padStart(8)}  ${fmt(r.rate, 1).padStart(9)}  ${(fmt(r.p50) + ' ms').padStart(15)}  ${(fmt(r.p99) + ' ms').padStart(7)}  ${fmt(r.max)} ms`,
    );
  }
  console.log(
    `\n${fmt(eventRuns.length)} event sync runs (batches), all ${eventRuns.every((r) => r.status === 'succeeded') ? 'succeeded' : 'NOT succeeded'}; ${fmt(eventRuns.reduce((n, r) => n + (r.upstreamCalls ?? 0), 0))} WeCom calls`,
  );
  console.log(`target: p99 under 1 s at 50 events/s: ${paced.p99 < 1000 ? 'met' : 'MISSED'} (${fmt(paced.p99)} ms)`);
  await served.close();
} finally {
  await app.close();
  await sim.stop();
  await dd.close();
  rmSync(dir, { recursive: true, force: true });
}
