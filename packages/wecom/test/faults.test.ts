import { describe, expect, it } from 'vitest';
import { WeComApiError } from '@jitkit/wecom';
import { client, rejection, sim } from './helpers/sim.js';

describe('transient faults are retried with backoff', () => {
  for (const kind of ['http500', 'drop', 'malformed', 'truncated'] as const) {
    it(`${kind}: succeeds once the fault passes`, async () => {
      const s = await sim();
      const c = client(s);
      await s.control.fault({ api: 'department/list', kind, times: 3 });
      const depts = await c.departments.list();
      expect(depts.length).toBeGreaterThan(1);
      expect(c.stats.retries).toBe(3);
      expect((await s.control.stats()).byApi['department/list']).toBe(4);
    });
  }

  for (const errcode of [-1, 45033]) {
    it(`errcode ${errcode}: succeeds once the fault passes`, async () => {
      const s = await sim();
      const c = client(s);
      await s.control.fault({ api: 'user/list', kind: 'errcode', errcode, times: 2 });
      expect((await c.users.list(1)).length).toBeGreaterThan(0);
      expect(c.stats.retries).toBe(2);
    });
  }

  it('a hung request times out and is retried', async () => {
    const s = await sim();
    const c = client(s, { timeoutMs: 300 });
    await s.control.fault({ api: 'tag/list', kind: 'hang', times: 1 });
    expect((await c.tags.list()).length).toBeGreaterThan(0);
    expect(c.stats.retries).toBe(1);
  });

  it('gives up after the configured attempts with an error naming the API', async () => {
    const s = await sim();
    const c = client(s, { retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 2 } });
    await s.control.fault({ api: 'department/list', kind: 'errcode', errcode: -1, times: 10 });
    const err = await rejection(c.departments.list());
    expect(err).toBeInstanceOf(WeComApiError);
    expect(err).toMatchObject({ errcode: -1, api: 'department/list' });
    expect(err.message).toMatch(/^WeCom department\/list failed: -1 system busy, hint: \[/);
    expect((await s.control.stats()).byApi['department/list']).toBe(3);
  });

  it('garbled answers that keep coming end in WECOM_PROTOCOL naming the API', async () => {
    const s = await sim();
    const c = client(s, { retry: { attempts: 2, baseDelayMs: 1 } });
    await s.control.fault({ api: 'department/list', kind: 'malformed', times: 5 });
    const err = await rejection(c.departments.list());
    expect(err).toMatchObject({ code: 'WECOM_PROTOCOL', message: 'WeCom department/list: the answer is not JSON (garbled or cut short)' });
  });

  it('does not retry a write whose outcome is unknown (it may have been applied)', async () => {
    const s = await sim();
    const c = client(s, { contacts: true });
    await s.control.fault({ api: 'department/create', kind: 'truncated', times: 1 });
    const err = await rejection(c.departments.create({ name: 'Truncated', parentid: 1 }));
    expect(err).toMatchObject({ code: 'WECOM_PROTOCOL' });
    expect((await s.control.stats()).byApi['department/create']).toBe(1);
    // It was applied: WeCom (and the emulator) ran it before the answer was cut.
    expect((await c.departments.list()).some((d) => d.name === 'Truncated')).toBe(true);
  });

  it('does not retry business errors', async () => {
    const s = await sim();
    const c = client(s);
    const err = await rejection(c.users.get('nobody-here'));
    expect(err).toMatchObject({ code: 'WECOM_API', errcode: 60111, api: 'user/get' });
    expect(c.stats.retries).toBe(0);
  });

  it('45009: waits out the block window instead of hammering, then succeeds', async () => {
    const s = await sim({ limits: { perMinute: 3, minuteBlockMs: 400 } });
    const c = client(s, { rateLimit: false, freqLimit: { waitMs: 450, maxWaits: 1 } });
    const started = Date.now();
    const results = await Promise.all(Array.from({ length: 5 }, () => c.tags.list()));
    expect(results).toHaveLength(5);
    expect(c.stats.freqWaits).toBeGreaterThanOrEqual(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    // Blocked calls waited: the emulator saw few calls during the block, not a storm.
    expect((await s.control.stats()).byApi['tag/list']).toBeLessThanOrEqual(8);
  });

  it('45009 with no waits allowed fails at once with WECOM_API', async () => {
    const s = await sim({ limits: { perMinute: 1 } });
    const c = client(s, { rateLimit: false, freqLimit: { maxWaits: 0 } });
    await c.tags.list();
    expect(await rejection(c.tags.list())).toMatchObject({ errcode: 45009 });
  });

  it('added latency slows calls but changes nothing else', async () => {
    const s = await sim();
    const c = client(s);
    await c.departments.list();
    await s.control.latency(150, 'department/list');
    const t = Date.now();
    await c.departments.list();
    expect(Date.now() - t).toBeGreaterThanOrEqual(140);
  });
});
