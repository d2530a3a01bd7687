import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { limitHeapGrowth } from '../src/index.js';

const coreDist = fileURLToPath(new URL('../dist/index.js', import.meta.url));

/**
 * The largest heap of a process that keeps 100 MB live and churns objects that live long enough
 * to reach the old generation (as a sync's pages and rows do), with limitHeapGrowth(percent) first.
 */
function maxHeapMB(percent?: number): number {
  const script = `
    const { limitHeapGrowth } = await import(${JSON.stringify(coreDist)});
    if (${percent !== undefined}) limitHeapGrowth(${percent ?? 0});
    const live = Array.from({ length: 1_000_000 }, (_, i) => ({ i, s: 'member-' + i }));
    const ring = [];
    let max = 0;
    for (let r = 0; r < 3_000; r++) {
      ring[r % 200] = Array.from({ length: 2_000 }, (_, i) => ({ r, i, t: 'x' + i }));
      max = Math.max(max, process.memoryUsage().heapTotal);
    }
    console.log(live.length && Math.round(max / 1048576));`;
  return Number(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }).trim());
}

describe('limitHeapGrowth', () => {
  it('keeps the heap far closer to its live set than V8 does by default', () => {
    const byDefault = maxHeapMB();
    const limited = maxHeapMB(20);
    expect(limited).toBeLessThan(byDefault * 0.75);
  });

  it('refuses a percent that is not a whole number from 0 to 1000, naming it', () => {
    expect(() => limitHeapGrowth(-1)).toThrow(/got -1/);
    expect(() => limitHeapGrowth(Number('fifty'))).toThrow(/got NaN/);
    expect(() => limitHeapGrowth(1.5)).toThrow(RangeError);
  });
});
