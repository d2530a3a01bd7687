// Issue 15's targets for one org size, from the cases and floors of one benchmark run.

/** The WeCom client's default calls in flight (packages/wecom/src/client.ts). */
export const IN_FLIGHT = 64;
const LATENCY_MS = 50;

const sec = (ms) => `${(ms / 1000).toFixed(2)} s`;
const ratio = (x) => `${x.toFixed(2)}x`;

export function evaluate(scale, databases) {
  const { fetch, fetch50 } = scale.floors;
  const out = [];
  const check = (db, what, measured, limit, ok) => out.push({ db, what, measured, limit, ok });
  for (const { name: db } of databases) {
    const get = (c) => scale.cases.find((x) => x.db === db && x.case === c);
    const raw = scale.floors[db];
    if (!raw) continue; // not run at this size
    const first = get('first full sync, 0 ms');
    const slow = get('first full sync, 50 ms');
    const same = get('re-sync, nothing changed');
    const changed = get('re-sync, 1% changed');
    const rawRate = raw.rows / (raw.rawMs / 1000);
    const applyRate = first.rowsWritten / (first.durations.applyMs / 1000);
    check(
      db,
      'apply rate / raw-driver floor rate',
      `${Math.round(applyRate)} / ${Math.round(rawRate)} rows/s`,
      '≥ 0.60',
      applyRate >= 0.6 * rawRate,
    );
    const f0 = first.wallMs / (fetch.wallMs + raw.rawMs);
    check(db, 'first sync 0 ms / (fetch + write floors)', `${sec(first.wallMs)} = ${ratio(f0)}`, '≤ 1.30x', f0 <= 1.3);
    const fetchRatio = first.durations.fetchMs / fetch.wallMs;
    check(db, "sync's fetch at 0 ms / fetch floor", `${sec(first.durations.fetchMs)} = ${ratio(fetchRatio)}`, '≤ 1.20x', fetchRatio <= 1.2);
    if (slow) {
      const f50 = slow.wallMs / (fetch50.wallMs + raw.rawMs);
      check(db, 'first sync 50 ms / (fetch 50 ms + write floors)', `${sec(slow.wallMs)} = ${ratio(f50)}`, '≤ 1.30x', f50 <= 1.3);
      const ideal = (slow.calls * LATENCY_MS) / IN_FLIGHT;
      const slowRatio = slow.durations.fetchMs / ideal;
      check(
        db,
        `fetch at 50 ms / (calls × 50 ms ÷ ${IN_FLIGHT})`,
        `${sec(slow.durations.fetchMs)} = ${ratio(slowRatio)}`,
        '≤ 1.50x',
        slowRatio <= 1.5,
      );
    }
    const r0 = same.wallMs / fetch.wallMs;
    check(
      db,
      'no-change re-sync / fetch floor (0 rows)',
      `${sec(same.wallMs)} = ${ratio(r0)}, ${same.rowsWritten} rows`,
      '≤ 1.20x',
      r0 <= 1.2 && same.rowsWritten === 0,
    );
    if (changed) {
      const r1 = changed.wallMs / fetch.wallMs;
      check(db, `1% changed (${changed.changes} changes) / fetch floor`, `${sec(changed.wallMs)} = ${ratio(r1)}`, '≤ 1.30x', r1 <= 1.3);
    }
    const rss = Math.max(...[first, slow, same, changed].filter(Boolean).map((c) => c.peakRssMB));
    check(db, 'peak RSS of the syncing process', `${Math.round(rss)} MB`, '≤ 1,024 MB', rss <= 1024);
  }
  return out;
}
