// `pnpm bench` for @jitkit/wecom: the client reading a 100,000-member, 5,000-department org
// from the emulator (its own process) with department/list + per-department user/list.
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnWeComSim } from '@jitkit/wecom-sim';

const here = path.dirname(fileURLToPath(import.meta.url));
const USERS = Number(process.env.BENCH_USERS ?? 100_000);
const DEPTS = Number(process.env.BENCH_DEPTS ?? 5_000);
const fmt = (n, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

console.log(`@jitkit/wecom benchmark — node ${process.version}, ${os.cpus().length} cores`);
const sim = await spawnWeComSim({ users: USERS, depts: DEPTS });
console.log(`emulator: ${fmt(sim.users)} members, ${fmt(sim.depts)} departments, generated and listening in ${fmt(sim.startMs)} ms`);
console.log('\nlatency  calls   wall       calls/s  members  peak RSS (client)');
const rows = [];
try {
  for (const latency of [0, 50]) {
    await sim.control.latency(latency);
    await sim.control.resetLimits();
    const out = execFileSync(process.execPath, [path.join(here, 'read-org-worker.mjs'), sim.url, sim.corpId, sim.secret], {
      encoding: 'utf8',
    });
    const r = JSON.parse(out);
    rows.push({ latency, ...r });
    console.log(
      `${(latency + ' ms').padStart(7)}  ${fmt(r.calls).padStart(5)}  ${(fmt(r.wallMs / 1000, 2) + ' s').padStart(8)}  ${fmt(r.calls / (r.wallMs / 1000)).padStart(8)}  ${fmt(r.members).padStart(7)}  ${fmt(r.peakRssMB)} MB`,
    );
  }
} finally {
  await sim.stop();
}
const slow = rows.find((r) => r.latency === 50);
console.log(
  `\ntarget: full read at 50 ms latency in 30 s or less: ${slow.wallMs <= 30_000 ? 'met' : 'MISSED'} (${fmt(slow.wallMs / 1000, 2)} s); client default maxInFlight 16`,
);
