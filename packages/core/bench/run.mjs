// `pnpm bench` for @jitkit/core: boot time of generated apps and getElement throughput.
// Each size runs in its own process so "cold" really is the first load of that process.
import { execFileSync } from 'node:child_process';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateApp } from './generate-app.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
// Inside the package, so that generated element code resolves '@jitkit/core' to this package.
const root = path.join(here, '.apps');
const fmt = (n, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

console.log(`@jitkit/core benchmark — node ${process.version}, ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? ''}`);
const rows = [];
for (const elements of [2_000, 10_000]) {
  const dir = path.join(root, `app-${elements}`);
  const shape = await generateApp(dir, { elements });
  const out = execFileSync(process.execPath, [path.join(here, 'load-app.mjs'), dir, elements === 2_000 ? 'getElement' : ''], {
    encoding: 'utf8',
  });
  rows.push({ ...shape, ...JSON.parse(out) });
}
await rm(root, { recursive: true, force: true });

console.log('\nloadApp (10 Metas, 100 Types, the rest instances with validated config files)');
console.log('elements  instances  cold loadApp  warm loadApp (median of 3)  RSS');
for (const r of rows) {
  console.log(
    `${fmt(r.elements).padStart(8)}  ${fmt(r.instances).padStart(9)}  ${(fmt(r.coldMs) + ' ms').padStart(12)}  ${(fmt(r.warmMedianMs) + ' ms').padStart(26)}  ${fmt(r.rssMB)} MB`,
  );
}
const g = rows[0];
console.log(`\ngetElement on a cached instance (${fmt(g.instances)} names, round robin, 10M calls)`);
console.log(`  app.getElement  ${fmt(g.getElementPerSec)} calls/s`);
console.log(`  Map#get         ${fmt(g.mapGetPerSec)} calls/s`);
console.log(`  ratio           ${fmt(g.getElementPerSec / g.mapGetPerSec, 2)} of Map#get`);
console.log(
  `\ntargets: 2,000-element cold loadApp <= 1,000 ms: ${rows[0].coldMs <= 1000 ? 'met' : 'MISSED'}; getElement >= 2,000,000/s: ${g.getElementPerSec >= 2e6 ? 'met' : 'MISSED'}`,
);
