// One measurement in a fresh process: cold loadApp (modules imported for the first time), then
// warm reloads, then getElement on cached instances beside Map#get.
import { performance } from 'node:perf_hooks';
import { loadApp } from '@jitkit/core';

const [dir, mode] = process.argv.slice(2);
const env = { BENCH_TOKEN: 'bench-token-0123456789' };

const t0 = performance.now();
const app = await loadApp(dir, { env });
const cold = performance.now() - t0;

const warm = [];
for (let i = 0; i < 3; i++) {
  const s = performance.now();
  const again = await loadApp(dir, { env });
  warm.push(performance.now() - s);
  await again.close();
}
warm.sort((a, b) => a - b);

const result = { elements: app.listElements().length, coldMs: cold, warmMedianMs: warm[1] };
if (mode === 'getElement') {
  const names = app.findElements({ layer: 'instance' }).map((d) => d.fullName);
  const map = new Map();
  for (const n of names) map.set(n, app.getElement(n));
  const N = 10_000_000;
  const time = (fn) => {
    let sink = 0;
    for (let i = 0; i < 200_000; i++) sink += fn(names[i % names.length]) ? 1 : 0; // warm up the JIT
    const s = performance.now();
    for (let i = 0; i < N; i++) sink += fn(names[i % names.length]) ? 1 : 0;
    const ms = performance.now() - s;
    if (sink !== N + 200_000) throw new Error('lookup missed');
    return N / (ms / 1000);
  };
  result.getElementPerSec = time((n) => app.getElement(n));
  result.mapGetPerSec = time((n) => map.get(n));
}
result.rssMB = process.memoryUsage().rss / 2 ** 20;
await app.close();
console.log(JSON.stringify(result));
