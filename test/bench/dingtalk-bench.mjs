// The DingTalk rows of `pnpm bench:sync`: a first full sync of 100,000 members in 5,000
// departments from the DingTalk emulator (its own process) into SQLite, at DingTalk's real 20
// calls per second per API, and at a raised 2,000 where the client and the database are the
// limit; each beside its floor, measured in the same run.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnDingTalkSim } from '@jitkit/dingtalk-sim';

const here = path.dirname(fileURLToPath(import.meta.url));
const appDir = path.join(here, '../fixtures/app');
const USERS = Number(process.env.BENCH_USERS ?? 100_000);
const DEPTS = Number(process.env.BENCH_DEPTS ?? 5_000);
const FAST = 2_000;
const fmt = (n, d = 0) => Number(n).toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const s = (ms) => `${fmt(ms / 1000, 1)} s`;

const sim = await spawnDingTalkSim({ users: USERS, depts: DEPTS, qps: 20, appKey: 'dingbench', corpId: 'dingbench' });
console.log(`\nDingTalk: emulator (own process): ${fmt(sim.users)} members, ${fmt(sim.depts)} departments, up in ${fmt(sim.startMs)} ms`);
// The fixture app's WeCom corps are loaded but not used here: their required ids get placeholders.
const env = {
  ...process.env,
  CORP_ID: 'wwunused',
  AGENT_ID: '1',
  API_BASE: 'http://127.0.0.1:9',
  DD_APP_KEY: sim.appKey,
  DD_CORP_ID: sim.corpId,
  DD_APP_SECRET: sim.appSecret,
  DD_API_BASE: sim.url,
};
const run = (args, extra = {}) =>
  JSON.parse(
    execFileSync(process.execPath, [path.join(here, 'sync-case.mjs'), ...args], {
      env: { ...env, ...extra },
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    })
      .trim()
      .split('\n')
      .at(-1),
  );
const sqlite = () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'jitkit-ddbench-'));
  return { url: `sqlite:${path.join(dir, 'pool.sqlite')}`, drop: () => rmSync(dir, { recursive: true, force: true }) };
};
/** The QPS floor: every API's calls at `qps` a second, the APIs side by side. */
const qpsFloor = (byApi, qps) =>
  (Math.max(
    ...Object.entries(byApi)
      .filter(([api]) => api !== 'gettoken')
      .map(([, n]) => n),
  ) /
    qps) *
  1000;

const a = sqlite();
const b = sqlite();
const c = sqlite();
try {
  const slow = run(['sync', appDir, a.url], { BENCH_CORP: 'DDCorp' });
  const floor20 = qpsFloor(slow.byApi, 20);
  const busiest = Object.entries(slow.byApi).sort((x, y) => y[1] - x[1])[0];
  console.log(
    `  first full sync at 20 QPS   ${s(slow.wallMs)}   ${fmt(slow.calls)} calls (busiest: ${busiest[0]} ${fmt(busiest[1])})   ${fmt(slow.rowsWritten)} rows   peak RSS ${fmt(slow.peakRssMB)} MB`,
  );
  console.log(
    `     QPS floor (busiest API's calls ÷ 20): ${s(floor20)};  sync / floor = ${fmt(slow.wallMs / floor20, 2)}  (target ≤ 1.2: ${slow.wallMs / floor20 <= 1.2 ? 'met' : 'MISSED'})`,
  );

  await sim.control.setQps(FAST);
  const fast = run(['sync', appDir, b.url], { BENCH_CORP: 'DDCorpFast' });
  const fetch = run(['fetch-dd', appDir, 'unused'], { BENCH_QPS: String(FAST) });
  const write = run(['insert', appDir, c.url, b.url], { BENCH_CORP: 'DDCorpFast' });
  const floor = fetch.wallMs + write.wallMs;
  console.log(
    `  first full sync at ${fmt(FAST)} QPS  ${s(fast.wallMs)}   fetch ${s(fast.durations.fetchMs)}, apply ${s(fast.durations.applyMs)}   peak RSS ${fmt(fast.peakRssMB)} MB`,
  );
  console.log(
    `     floors: fetch (client alone) ${s(fetch.wallMs)} + write (knex alone, ${fmt(write.rows)} rows) ${s(write.wallMs)} = ${s(floor)};  sync / floor = ${fmt(fast.wallMs / floor, 2)}  (target ≤ 1.3: ${fast.wallMs / floor <= 1.3 ? 'met' : 'MISSED'})`,
  );
} finally {
  a.drop();
  b.drop();
  c.drop();
  await sim.stop();
}
