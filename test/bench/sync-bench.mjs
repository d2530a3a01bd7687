// `pnpm bench:sync`: syncs of a 100,000-member, 5,000-department org from the emulator (its own
// process) into a SQLite file and into PostgreSQL, each case in a fresh process, beside the
// floors: reading with the client alone, and inserting the same rows with knex alone and with the raw driver alone.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnWeComSim } from '@jitkit/wecom-sim';
import { createTestDatabase } from '@jitkit/testing';

const here = path.dirname(fileURLToPath(import.meta.url));
const appDir = path.join(here, '../fixtures/app');
const USERS = Number(process.env.BENCH_USERS ?? 100_000);
const DEPTS = Number(process.env.BENCH_DEPTS ?? 5_000);
const pgAdmin = process.env.JITKIT_BENCH_PG_URL ?? process.env.JITKIT_TEST_PG_URL;
const fmt = (n, d = 0) => Number(n).toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const s = (ms) => `${fmt(ms / 1000, 2)} s`;

console.log(`sync benchmark — node ${process.version}, ${os.cpus().length} cores, ${fmt(os.totalmem() / 2 ** 30)} GiB`);
const sim = await spawnWeComSim({ users: USERS, depts: DEPTS, tags: 20 });
console.log(`emulator (own process): ${fmt(sim.users)} members, ${fmt(sim.depts)} departments, up in ${fmt(sim.startMs)} ms\n`);
const env = { ...process.env, CORP_ID: sim.corpId, AGENT_ID: sim.agentId, SECRET: sim.secret, API_BASE: sim.url };
const run = (args) =>
  JSON.parse(
    execFileSync(process.execPath, [path.join(here, 'sync-case.mjs'), ...args], { env, encoding: 'utf8', maxBuffer: 1 << 26 })
      .trim()
      .split('\n')
      .at(-1),
  );
// Cases follow each other within a minute; WeCom's per-minute counters are reset between them
// (in production a sync of this corp runs far less often than 10,000 calls a minute allow).
const fresh = async () => {
  await sim.control.resetLimits();
  await sim.control.latency(0);
};

const databases = [{ name: 'sqlite' }];
if (pgAdmin) databases.push({ name: 'postgres' });
else console.log('PostgreSQL: skipped (set JITKIT_BENCH_PG_URL or JITKIT_TEST_PG_URL)\n');

const rows = [];
const floors = {};
const line = (r) =>
  `${r.db.padEnd(9)} ${r.case.padEnd(37)} ${s(r.wallMs).padStart(8)}  ${s(r.durations.fetchMs).padStart(8)}  ${s(r.durations.applyMs).padStart(8)}  ${fmt(r.rowsWritten).padStart(12)}  ${fmt(r.calls).padStart(11)}  ${(fmt(r.peakRssMB) + ' MB').padStart(8)}  ${r.target} ${r.ok ? 'met' : 'MISSED'}`;
const header = 'db        case                                  wall      fetch     apply     rows written  WeCom calls  peak RSS  target';
console.log(header);
const push = (r) => {
  rows.push(r);
  console.log(line(r));
};
await fresh();
floors.fetch = run(['fetch', appDir, 'unused']);
try {
  for (const db of databases) {
    const make = async () => {
      if (db.name === 'sqlite') {
        const dir = mkdtempSync(path.join(os.tmpdir(), 'jitkit-bench-'));
        return { url: `sqlite:${path.join(dir, 'pool.sqlite')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
      }
      process.env.JITKIT_TEST_PG_URL = pgAdmin;
      return createTestDatabase('postgres');
    };
    const a = await make();
    const b = await make();
    const c = await make();
    try {
      await fresh();
      const first = run(['sync', appDir, a.url]);
      push({
        db: db.name,
        case: 'first full sync, 0 ms latency',
        target: '≤ 20 s, ≤ 1 GB',
        ok: first.wallMs <= 20_000 && first.peakRssMB <= 1024,
        ...first,
      });
      await fresh();
      await sim.control.latency(50);
      const slow = run(['sync', appDir, b.url]);
      push({ db: db.name, case: 'first full sync, 50 ms latency', target: '≤ 40 s', ok: slow.wallMs <= 40_000, ...slow });
      await fresh();
      const again = run(['sync', appDir, a.url]);
      push({
        db: db.name,
        case: 're-sync, nothing changed',
        target: '≤ 5 s, 0 rows',
        ok: again.wallMs <= 5_000 && again.rowsWritten === 0,
        ...again,
      });
      const mutation = await sim.control.mutate(0.01, 99 + databases.indexOf(db));
      await fresh();
      const changed = run(['sync', appDir, a.url]);
      push({
        db: db.name,
        case: `re-sync, 1% changed (${fmt(changed.changes)} changes)`,
        target: '≤ 6 s',
        ok: changed.wallMs <= 6_000,
        mutation,
        ...changed,
      });
      floors[db.name] = run(['insert', appDir, c.url, a.url]);
      floors[db.name].firstSync = first.wallMs;
    } finally {
      await a.drop();
      await b.drop();
      await c.drop();
    }
  }
} finally {
  await sim.stop();
}

console.log('\nsummary');
console.log(header);
for (const r of rows) console.log(line(r));
console.log(`\nfloors: fetch only (client alone, ${fmt(floors.fetch.calls)} calls): ${s(floors.fetch.wallMs)}`);
for (const db of databases) {
  const f = floors[db.name];
  const perSec = (ms) => `${fmt(f.rows / (ms / 1000))} rows/s`;
  console.log(
    `        insert only (knex alone, ${fmt(f.rows)} rows into ${db.name}): ${s(f.wallMs)} (${perSec(f.wallMs)});  first sync / (fetch + insert) = ${fmt(f.firstSync / (floors.fetch.wallMs + f.wallMs), 2)}`,
  );
  console.log(
    `        raw driver (${db.name === 'postgres' ? 'COPY' : 'node-sqlite3, prepared 200-row INSERTs'}, one transaction): ${s(f.rawMs)} (${perSec(f.rawMs)});  first sync / (fetch + raw write) = ${fmt(f.firstSync / (floors.fetch.wallMs + f.rawMs), 2)}`,
  );
}
