// `pnpm bench:sync`: syncs from the WeCom emulator (its own process) into SQLite, PostgreSQL and
// MySQL, each case in a fresh process, beside floors measured in the same run: the fetch with the
// client alone (at 0 and 50 ms latency) and the write of the same rows with the raw driver alone.
// Org sizes: BENCH_SCALES ("10000:500,100000:5000" by default; add "1000000:20000" for a million),
// or BENCH_USERS / BENCH_DEPTS for one size. Writes bench-results/sync-scaling.{json,svg,png}.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnWeComSim } from '@jitkit/wecom-sim';
import { createTestDatabase } from '@jitkit/testing';
import { evaluate, IN_FLIGHT } from './sync-targets.mjs';
import { writeScalingChart } from './scaling-chart.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const appDir = path.join(here, '../fixtures/app');
const outDir = path.join(here, '../../bench-results');
const scales = (
  process.env.BENCH_SCALES ??
  (process.env.BENCH_USERS ? `${process.env.BENCH_USERS}:${process.env.BENCH_DEPTS ?? 5_000}` : '10000:500,100000:5000')
)
  .split(',')
  .map((s) => s.split(':').map(Number))
  .map(([users, depts]) => ({ users, depts }));
const fmt = (n, d = 0) => Number(n).toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const s = (ms) => `${fmt(ms / 1000, 2)} s`;

const databases = [{ name: 'sqlite' }];
for (const [name, vars] of [
  ['postgres', ['JITKIT_BENCH_PG_URL', 'JITKIT_TEST_PG_URL']],
  ['mysql', ['JITKIT_BENCH_MYSQL_URL', 'JITKIT_TEST_MYSQL_URL']],
]) {
  const url = vars.map((v) => process.env[v]).find(Boolean);
  if (url) databases.push({ name, url, env: vars[1] });
  else console.log(`${name}: skipped (set ${vars.join(' or ')})`);
}

const makeDb = async (db) => {
  if (db.name === 'sqlite') {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'jitkit-bench-'));
    return { url: `sqlite:${path.join(dir, 'pool.sqlite')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  process.env[db.env] = db.url;
  return createTestDatabase(db.name);
};

console.log(
  `sync benchmark — node ${process.version}, ${os.cpus().length} cores, ${fmt(os.totalmem() / 2 ** 30)} GiB; WeCom client: ${IN_FLIGHT} calls in flight\n`,
);
const header = 'db        case                              wall      fetch     apply    rows written  calls   peak RSS';
const line = (r) =>
  `${r.db.padEnd(9)} ${r.case.padEnd(32)} ${s(r.wallMs).padStart(8)}  ${s(r.durations.fetchMs).padStart(8)}  ${s(r.durations.applyMs).padStart(8)}  ${fmt(r.rowsWritten).padStart(12)}  ${fmt(r.calls).padStart(5)}  ${(fmt(r.peakRssMB) + ' MB').padStart(8)}`;

const results = [];
for (const scale of scales) {
  // A million members: the first sync and the no-change re-sync, on SQLite and PostgreSQL (issue
  // 15); the other cases take minutes each at WeCom's 10,000 calls a minute and show nothing new.
  const big = scale.users >= 1_000_000;
  const sim = await spawnWeComSim({ users: scale.users, depts: scale.depts, tags: 20 });
  const simInfo = await sim.control.info();
  console.log(
    `\n== ${fmt(scale.users)} members, ${fmt(scale.depts)} departments (emulator up in ${fmt(sim.startMs)} ms, emulator peak RSS ${fmt(simInfo.rssMB)} MB)`,
  );
  const env = { ...process.env, CORP_ID: sim.corpId, AGENT_ID: sim.agentId, SECRET: sim.secret, API_BASE: sim.url };
  const run = (args) =>
    JSON.parse(
      execFileSync(process.execPath, [path.join(here, 'sync-case.mjs'), ...args], { env, encoding: 'utf8', maxBuffer: 1 << 26 })
        .trim()
        .split('\n')
        .at(-1),
    );
  // WeCom's per-minute counters are reset between cases: in production a sync of one corp runs far
  // less often than its 10,000 calls a minute allow.
  const fresh = async (latency = 0) => {
    await sim.control.resetLimits();
    await sim.control.latency(latency);
  };
  const scaleResult = { ...scale, floors: {}, cases: [] };
  try {
    await fresh();
    scaleResult.floors.fetch = run(['fetch', appDir, 'unused']);
    if (!big) {
      await fresh(50);
      scaleResult.floors.fetch50 = run(['fetch', appDir, 'unused']);
    }
    console.log(
      `fetch floor (client alone, ${fmt(scaleResult.floors.fetch.calls)} calls): ${s(scaleResult.floors.fetch.wallMs)} at 0 ms` +
        (big ? '' : `, ${s(scaleResult.floors.fetch50.wallMs)} at 50 ms`),
    );
    console.log(header);
    for (const db of databases) {
      if (big && db.name === 'mysql') {
        console.log('mysql     skipped at this size (the million-member targets are for SQLite and PostgreSQL)');
        continue;
      }
      const [a, b, c] = [await makeDb(db), await makeDb(db), await makeDb(db)];
      const push = (name, r) => {
        const row = { db: db.name, case: name, ...r };
        scaleResult.cases.push(row);
        console.log(line(row));
        return row;
      };
      try {
        await fresh();
        push('first full sync, 0 ms', run(['sync', appDir, a.url]));
        if (!big) {
          await fresh(50);
          push('first full sync, 50 ms', run(['sync', appDir, b.url]));
        }
        await fresh();
        push('re-sync, nothing changed', run(['sync', appDir, a.url]));
        if (!big) {
          await sim.control.mutate(0.01, 99 + databases.indexOf(db));
          await fresh();
          push('re-sync, 1% changed', run(['sync', appDir, a.url]));
        }
        scaleResult.floors[db.name] = run(['insert', appDir, c.url, a.url, ...(big ? ['raw-only'] : [])]);
        const f = scaleResult.floors[db.name];
        console.log(
          `${db.name.padEnd(9)} write floor, raw driver: ${s(f.rawMs)} (${fmt(f.rows / (f.rawMs / 1000))} rows/s)${f.wallMs === undefined ? '' : `; knex alone ${s(f.wallMs)}`}`,
        );
      } finally {
        await Promise.all([a.drop(), b.drop(), c.drop()]);
      }
    }
    scaleResult.simPeakRssMB = (await sim.control.info()).rssMB;
    console.log(`emulator peak RSS after serving every case: ${fmt(scaleResult.simPeakRssMB)} MB`);
  } finally {
    await sim.stop();
  }
  results.push(scaleResult);
}

console.log('\ntargets (issue 15), each against floors from the same run');
let missed = 0;
for (const scale of results) {
  console.log(`\n${fmt(scale.users)} members, ${fmt(scale.depts)} departments`);
  for (const t of evaluate(scale, databases)) {
    if (!t.ok) missed++;
    console.log(`  ${t.ok ? 'met   ' : 'MISSED'} ${t.db.padEnd(9)} ${t.what.padEnd(46)} ${t.measured.padStart(22)}  limit ${t.limit}`);
  }
}

mkdirSync(outDir, { recursive: true });
const runs = results.flatMap((scale) =>
  databases.flatMap((db) => {
    if (!scale.floors[db.name]) return [];
    const first = scale.cases.find((c) => c.db === db.name && c.case === 'first full sync, 0 ms');
    return [
      {
        db: db.name,
        users: scale.users,
        depts: scale.depts,
        firstSyncMs: first.wallMs,
        floorMs: scale.floors.fetch.wallMs + scale.floors[db.name].rawMs,
        peakRssMB: Math.max(...scale.cases.filter((c) => c.db === db.name).map((c) => c.peakRssMB)),
      },
    ];
  }),
);
const machine = {
  node: process.version,
  cores: os.cpus().length,
  memGiB: Math.round(os.totalmem() / 2 ** 30),
  at: new Date().toISOString(),
};
writeFileSync(path.join(outDir, 'sync-scaling.json'), JSON.stringify({ machine, runs, results }, null, 2) + '\n');
const files = await writeScalingChart(path.join(outDir, 'sync-scaling'), runs);
console.log(`\nwrote bench-results/sync-scaling.json, ${files.map((f) => path.relative(path.join(here, '../..'), f)).join(', ')}`);
console.log(missed ? `${missed} target(s) missed` : 'every target met');
