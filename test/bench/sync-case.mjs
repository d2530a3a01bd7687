// One benchmark case in a fresh process: a sync of corps.DefaultCorp (every setting at its
// default), or one of the floors. Prints one JSON line.
import { performance } from 'node:perf_hooks';
import { DATABASE, limitHeapGrowth, loadApp } from '@jitkit/core';
import { readOrganization, WeComClient } from '@jitkit/wecom';
import { DingTalkClient, readDingTalkOrganization } from '@jitkit/dingtalk';
import knexFactory from 'knex';
import { mysqlFloor, postgresFloor, sqliteFloor } from './raw-insert.mjs';

const [what, appDir, dbUrl, extra] = process.argv.slice(2);
const env = { ...process.env, JITKIT_LOG_LEVEL: 'silent' };
const peak = () => process.resourceUsage().maxRSS / 1024;
// As the jitkit CLI does at start: the process that syncs bounds how far its heap grows past its live set.
limitHeapGrowth();

if (what === 'sync') {
  const app = await loadApp(appDir, { env, database: dbUrl });
  const corp = app.getElement(`corps.${process.env.BENCH_CORP ?? 'DefaultCorp'}`);
  const t = performance.now();
  const r = await corp.initCorp({ force: true });
  const wallMs = performance.now() - t;
  await app.close();
  console.log(
    JSON.stringify({
      wallMs,
      rowsWritten: r.rowsWritten,
      calls: r.upstreamCalls,
      changes: r.changes.length,
      durations: r.durations,
      counts: r.counts,
      byApi: corp.getClient().stats.byApi,
      peakRssMB: peak(),
    }),
  );
} else if (what === 'fetch-dd') {
  // The floor for reading DingTalk: the client alone (at the limit in BENCH_QPS), reading what a sync reads.
  const client = new DingTalkClient({
    appKey: env.DD_APP_KEY,
    appSecret: env.DD_APP_SECRET,
    apiBaseUrl: env.DD_API_BASE,
    apiV1BaseUrl: env.DD_API_BASE,
    qps: Number(env.BENCH_QPS ?? 20),
  });
  const t = performance.now();
  const org = await readDingTalkOrganization(client);
  const wallMs = performance.now() - t;
  await client.close();
  console.log(
    JSON.stringify({ wallMs, calls: client.stats.requests, byApi: client.stats.byApi, members: org.members.size, peakRssMB: peak() }),
  );
} else if (what === 'fetch') {
  // The floor for reading: the client alone, reading what a sync reads.
  const client = new WeComClient({ corpId: env.CORP_ID, secret: env.SECRET, baseUrl: env.API_BASE });
  const t = performance.now();
  const org = await readOrganization(client);
  const wallMs = performance.now() - t;
  await client.close();
  console.log(JSON.stringify({ wallMs, calls: client.stats.requests, members: org.members.size, peakRssMB: peak() }));
} else if (what === 'insert') {
  // The floors for writing: knex alone inserting the rows the first sync wrote (read from the
  // database `extra`) into the empty pool of `dbUrl`, in one transaction with knex.batchInsert;
  // then the raw driver alone (raw-insert.mjs).
  const source = await loadApp(appDir, { env, database: extra });
  const target = await loadApp(appDir, { env, database: dbUrl });
  const from = source.resolve(DATABASE);
  const to = target.resolve(DATABASE);
  const tables = ['jk_users', 'jk_members', 'jk_bindings', 'jk_departments', 'jk_dept_members', 'jk_roles', 'jk_role_members'];
  const rows = {};
  let total = 0;
  for (const table of tables) {
    rows[table] = await from(table).select();
    total += rows[table].length;
  }
  // An empty copy of the schema: the pool store creates it on first use.
  const corp = target.getElement(`corps.${process.env.BENCH_CORP ?? 'DefaultCorp'}`);
  await corp.ensureCorp();
  for (const table of tables) await to(table).delete();
  // `raw-only` (a million members): knex's batchInsert alone would take minutes and is no target.
  let wallMs;
  if (process.argv[6] !== 'raw-only') {
    const t = performance.now();
    await to.transaction(async (trx) => {
      for (const table of tables) await trx.batchInsert(table, rows[table], 500);
    });
    wallMs = performance.now() - t;
  }
  // The same rows again, with the driver alone (issue 15's floor).
  for (const table of tables) await to(table).delete();
  const floor = dbUrl.startsWith('postgres') ? postgresFloor : dbUrl.startsWith('mysql') ? mysqlFloor : sqliteFloor;
  const rawMs = await floor(to, tables, rows);
  await source.close();
  await target.close();
  console.log(JSON.stringify({ wallMs, rawMs, rows: total }));
} else if (what === 'drop-pg') {
  const k = knexFactory({ client: 'pg', connection: dbUrl });
  await k.raw(`DROP DATABASE IF EXISTS "${extra}" WITH (FORCE)`);
  await k.destroy();
}
