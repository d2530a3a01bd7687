// Push→commit latency of callback events, read from the pool's event queue: an event's
// applied_at is set right after the sync run that applied it committed.
import knexFactory from 'knex';

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

const open = (database) =>
  knexFactory(
    database.startsWith('sqlite:')
      ? { client: 'sqlite3', connection: { filename: database.slice(7) }, useNullAsDefault: true }
      : { client: 'pg', connection: database },
  );

/** The event sync runs (batches) started since `since`: how many, their mean and p99 time, mean fetch and apply. */
export async function batchStats(database, since) {
  const db = open(database);
  try {
    const runs = await db('jk_sync_runs')
      .where('kind', 'event')
      .andWhere('started_at', '>=', since)
      .select('started_at', 'finished_at', 'fetch_ms', 'apply_ms');
    // Events applied by one run share its applied_at.
    const sizes = (
      await db('jk_events')
        .where('received_at', '>=', since)
        .whereNotNull('applied_at')
        .groupBy('applied_at')
        .select(db.raw('count(*) as n'))
    )
      .map((r) => Number(r.n))
      .sort((a, b) => a - b);
    const ms = runs.map((r) => Number(r.finished_at) - Number(r.started_at)).sort((a, b) => a - b);
    const mean = (xs) => Math.round(xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length));
    return {
      batches: runs.length,
      eventsPerBatch: { mean: mean(sizes), max: sizes.at(-1) ?? 0 },
      batchMeanMs: mean(ms),
      batchP99Ms: pct(ms, 99) ?? 0,
      batchFetchMs: mean(runs.map((r) => Number(r.fetch_ms))),
      batchFetchMaxMs: Math.max(0, ...runs.map((r) => Number(r.fetch_ms))),
      batchApplyMs: mean(runs.map((r) => Number(r.apply_ms))),
    };
  } finally {
    await db.destroy();
  }
}

/**
 * `pushed`: Map of `${changeType}:${userid}` to the times the bench made that change (a member may
 * change more than once: matched in order of receipt). Waits until
 * every one of them is applied (or `timeoutMs` passes); returns the latencies and the last commit.
 */
export async function waitApplied(database, pushed, timeoutMs) {
  const db = open(database);
  const deadline = Date.now() + timeoutMs;
  const latencies = [];
  // Where the time goes: push -> received by the server (the emulator's delivery), received -> committed.
  const toReceive = [];
  const toCommit = [];
  let lastCommit = 0;
  try {
    const open = new Map([...pushed].map(([k, times]) => [k, [...times]]));
    let left = [...open.values()].reduce((n, t) => n + t.length, 0);
    const seen = new Set();
    let since = 0;
    while (left > 0 && Date.now() < deadline) {
      const rows = await db('jk_events')
        .where('applied_at', '>=', since)
        .orderBy('received_at')
        .select('event_key', 'payload', 'received_at', 'applied_at');
      for (const r of rows) {
        since = Math.max(since, Number(r.applied_at));
        if (seen.has(r.event_key)) continue;
        seen.add(r.event_key);
        const p = JSON.parse(r.payload);
        // WeCom's payload names one member (changeType, userId); DingTalk's several (type, userIds).
        const at = open.get(`${p.changeType ?? p.type}:${p.userId ?? p.userIds?.[0]}`)?.shift();
        if (at === undefined) continue;
        left--;
        latencies.push(Number(r.applied_at) - at);
        toReceive.push(Number(r.received_at) - at);
        toCommit.push(Number(r.applied_at) - Number(r.received_at));
        lastCommit = Math.max(lastCommit, Number(r.applied_at));
      }
      if (left > 0) await new Promise((r) => setTimeout(r, 250));
    }
    for (const xs of [latencies, toReceive, toCommit]) xs.sort((a, b) => a - b);
    return {
      applied: latencies.length,
      missing: left,
      lastCommit,
      p50: pct(latencies, 50),
      p99: pct(latencies, 99),
      receiveP99: pct(toReceive, 99),
      commitAfterReceiveP99: pct(toCommit, 99),
    };
  } finally {
    await db.destroy();
  }
}

export { pct };
