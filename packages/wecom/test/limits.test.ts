import { describe, expect, it } from 'vitest';
import { client, sim, virtualClock } from './helpers/sim.js';

describe('limits and connections', () => {
  it('keeps connections alive: 1,000 calls over a handful of sockets', async () => {
    const s = await sim({ users: 20 });
    const c = client(s, { maxInFlight: 8 });
    const before = (await s.control.info()).connections;
    for (let i = 0; i < 125; i++) await Promise.all(Array.from({ length: 8 }, () => c.tags.list()));
    const opened = (await s.control.info()).connections - before;
    expect(c.stats.requests).toBe(1001);
    // A socket is back in the pool a moment after its answer is read, so a pool may grow past
    // maxInFlight a little; without keep-alive this would be 1,001.
    expect(opened).toBeLessThanOrEqual(20);
  });

  it('never has more calls in flight than maxInFlight (the emulator would answer 45033)', async () => {
    const s = await sim({ limits: { maxConcurrent: 4 } });
    await s.control.latency(30);
    const c = client(s, { maxInFlight: 4, retry: { attempts: 1 } });
    await c.departments.list();
    await Promise.all(Array.from({ length: 40 }, () => c.tags.list()));
    expect(c.stats.retries).toBe(0);
  });

  it('lowers its calls in flight when WeCom answers 45033, and every call still succeeds', async () => {
    const s = await sim({ limits: { maxConcurrent: 6 } });
    await s.control.latency(20);
    const c = client(s, { maxInFlight: 64 });
    await c.departments.list();
    const answers = await Promise.all(Array.from({ length: 200 }, () => c.tags.list()));
    expect(answers).toHaveLength(200);
    expect(c.stats.inFlight.cuts).toBeGreaterThanOrEqual(3); // 64 -> 32 -> 16 -> 8 at least
    expect(c.stats.inFlight.limit).toBeLessThan(16);
    // Each cut costs one burst of refusals, not one per call: most calls went through first time.
    expect(c.stats.retries).toBeLessThan(150);
  });

  it('keeps each API under its per-minute budget by waiting, not by failing', async () => {
    const s = await sim();
    const clock = virtualClock();
    const c = client(s, { clock, rateLimit: { perMinute: 5, perHour: 1000 } });
    await Promise.all(Array.from({ length: 12 }, () => c.tags.list()));
    expect(c.stats.requests).toBe(13); // 12 tag/list and one gettoken
    // Calls 6-10 waited for the first minute to pass, calls 11-12 for the second.
    expect(clock.slept.filter((ms) => ms >= 59_000).length).toBeGreaterThanOrEqual(2);
  });
});

describe('JS-SDK tickets', () => {
  it('are cached for their lifetime and fetched once for concurrent callers', async () => {
    const s = await sim();
    const c = client(s);
    const [a, b] = await Promise.all([c.tickets.jsapi(), c.tickets.jsapi()]);
    expect(a).toBe(b);
    expect(await c.tickets.jsapi()).toBe(a);
    const agent = await c.tickets.agentConfig();
    expect(agent).not.toBe(a);
    expect((await s.control.stats()).byApi).toMatchObject({ get_jsapi_ticket: 1, 'ticket/get': 1 });
  });
});
