// The scaling chart of `pnpm bench:sync`: first-sync time and peak RSS against org size, one
// line per database (dashed: the floor, fetch + raw write, measured in the same run). Drawn as
// SVG and turned into a PNG by Debian's chromium through playwright-core; without a browser
// only the SVG is written.
import { existsSync, writeFileSync } from 'node:fs';

const COLORS = { sqlite: '#1f77b4', postgres: '#d62728', mysql: '#2ca02c' };
const W = 460;
const H = 300;
const M = { l: 64, r: 16, t: 40, b: 48 };

/** The next 1, 2, 2.5 or 5 × 10^k at or above v, so the axis reads in round numbers. */
function niceCeil(v) {
  const k = 10 ** Math.floor(Math.log10(v));
  return [1, 2, 2.5, 5, 10].map((m) => m * k).find((x) => x >= v);
}

function panel(x0, title, unit, series, sizes) {
  const xs = (n) =>
    x0 + M.l + ((Math.log10(n) - Math.log10(sizes[0])) / Math.max(1e-9, Math.log10(sizes.at(-1) / sizes[0]))) * (W - M.l - M.r);
  const max = niceCeil(Math.max(1, ...series.flatMap((s) => s.points.map((p) => p.y))));
  const ys = (v) => H - M.b - (v / max) * (H - M.t - M.b);
  const out = [`<text x="${x0 + W / 2}" y="22" text-anchor="middle" font-size="15" font-weight="600">${title}</text>`];
  for (let i = 0; i <= 4; i++) {
    const v = (max * i) / 4;
    out.push(`<line x1="${x0 + M.l}" x2="${x0 + W - M.r}" y1="${ys(v)}" y2="${ys(v)}" stroke="#ddd"/>`);
    out.push(
      `<text x="${x0 + M.l - 6}" y="${ys(v) + 4}" text-anchor="end" font-size="11">${v >= 10 ? Math.round(v) : v.toFixed(1)}</text>`,
    );
  }
  for (const n of sizes)
    out.push(
      `<text x="${xs(n)}" y="${H - M.b + 16}" text-anchor="middle" font-size="11">${n >= 1e6 ? `${n / 1e6}M` : `${n / 1e3}k`}</text>`,
    );
  out.push(`<text x="${x0 + W / 2}" y="${H - 10}" text-anchor="middle" font-size="12">members (log scale)</text>`);
  out.push(
    `<text x="${x0 + 14}" y="${H / 2}" text-anchor="middle" font-size="12" transform="rotate(-90 ${x0 + 14} ${H / 2})">${unit}</text>`,
  );
  for (const s of series) {
    const d = s.points.map((p, i) => `${i ? 'L' : 'M'}${xs(p.x).toFixed(1)},${ys(p.y).toFixed(1)}`).join(' ');
    out.push(`<path d="${d}" fill="none" stroke="${COLORS[s.db]}" stroke-width="2" ${s.dashed ? 'stroke-dasharray="5 4"' : ''}/>`);
    if (!s.dashed) for (const p of s.points) out.push(`<circle cx="${xs(p.x)}" cy="${ys(p.y)}" r="3" fill="${COLORS[s.db]}"/>`);
  }
  return out.join('\n');
}

/** `runs`: [{ db, users, firstSyncMs, floorMs, peakRssMB }]. */
export function scalingSvg(runs) {
  const dbs = [...new Set(runs.map((r) => r.db))];
  const sizes = [...new Set(runs.map((r) => r.users))].sort((a, b) => a - b);
  const of = (db, key) =>
    runs
      .filter((r) => r.db === db)
      .sort((a, b) => a.users - b.users)
      .map((r) => ({ x: r.users, y: r[key] }));
  const time = dbs.flatMap((db) => [
    { db, points: of(db, 'firstSyncMs').map((p) => ({ ...p, y: p.y / 1000 })) },
    { db, dashed: true, points: of(db, 'floorMs').map((p) => ({ ...p, y: p.y / 1000 })) },
  ]);
  const rss = dbs.map((db) => ({ db, points: of(db, 'peakRssMB') }));
  const legend = dbs
    .map(
      (db, i) =>
        `<rect x="${20 + i * 120}" y="${H + 8}" width="14" height="4" fill="${COLORS[db]}"/><text x="${40 + i * 120}" y="${H + 14}" font-size="12">${db}</text>`,
    )
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${2 * W}" height="${H + 28}" font-family="sans-serif">
<rect width="100%" height="100%" fill="white"/>
${panel(0, 'First full sync (s); dashed: fetch + raw-write floor', 'seconds', time, sizes)}
${panel(W, 'Peak RSS of the syncing process', 'MB', rss, sizes)}
${legend}<text x="${W + 20}" y="${H + 14}" font-size="12">at 0 ms upstream latency; ${sizes.length} org sizes</text>
</svg>`;
}

/** Writes `<base>.svg`, and `<base>.png` when chromium is there. Returns the files written. */
export async function writeScalingChart(base, runs) {
  const svg = scalingSvg(runs);
  writeFileSync(`${base}.svg`, svg);
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(chromium)) return [`${base}.svg`];
  const { chromium: launcher } = await import('playwright-core');
  const browser = await launcher.launch({ executablePath: chromium, args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage({ viewport: { width: 2 * W, height: H + 28 } });
    await page.setContent(`<body style="margin:0">${svg}</body>`);
    await page.screenshot({ path: `${base}.png` });
  } finally {
    await browser.close();
  }
  return [`${base}.svg`, `${base}.png`];
}
