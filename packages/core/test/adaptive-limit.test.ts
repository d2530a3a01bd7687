import { describe, expect, it } from 'vitest';
import { AdaptiveLimit } from '../src/http/adaptive-limit.js';

describe('AdaptiveLimit', () => {
  it('halves once for a burst of busy answers to calls sent under the same limit', async () => {
    const limit = new AdaptiveLimit(16);
    const slots = await Promise.all(Array.from({ length: 16 }, () => limit.acquire()));
    for (const s of slots) s.release('busy');
    expect(limit.current).toEqual({ limit: 8, cuts: 1 });
  });

  it('halves again for a busy answer to a call sent after the cut, never below the floor', async () => {
    const limit = new AdaptiveLimit(16, 4);
    for (let i = 0; i < 5; i++) (await limit.acquire()).release('busy');
    expect(limit.current).toEqual({ limit: 4, cuts: 5 });
  });

  it('admits no new call while more are in flight than a lowered limit', async () => {
    const limit = new AdaptiveLimit(4, 1);
    const held = await Promise.all(Array.from({ length: 4 }, () => limit.acquire()));
    held[0]!.release('busy'); // limit 2, three still in flight
    let admitted = false;
    const next = limit.acquire().then((s) => ((admitted = true), s));
    held[1]!.release('ok');
    await new Promise((r) => setImmediate(r));
    expect(admitted).toBe(false);
    held[2]!.release('ok');
    (await next).release('ok');
    expect(admitted).toBe(true);
    held[3]!.release('ok');
  });

  it('climbs back by one per full window of calls that went through, up to its max', async () => {
    const limit = new AdaptiveLimit(8);
    (await limit.acquire()).release('busy');
    expect(limit.current.limit).toBe(4);
    for (let i = 0; i < 4; i++) (await limit.acquire()).release('ok');
    expect(limit.current.limit).toBe(5);
    for (let i = 0; i < 1000; i++) (await limit.acquire()).release('ok');
    expect(limit.current.limit).toBe(8);
    (await limit.acquire()).release('other');
    expect(limit.current).toEqual({ limit: 8, cuts: 1 });
  });
});
