import { describe, expect, it } from 'vitest';
import { MemoryTokenStore, WeComApiError } from '@jitkit/wecom';
import { client, rejection, sim } from './helpers/sim.js';

describe('access token', () => {
  it('is fetched once and shared by concurrent callers (single flight)', async () => {
    const s = await sim();
    const c = client(s);
    await Promise.all(Array.from({ length: 40 }, () => c.departments.list()));
    expect(c.stats.tokenFetches).toBe(1);
    expect((await s.control.stats()).byApi.gettoken).toBe(1);
  });

  it('is refreshed once and the call retried when WeCom revokes it early (40014)', async () => {
    const s = await sim();
    const c = client(s);
    await c.departments.list();
    await s.control.revokeTokens();
    await Promise.all([c.departments.list(), c.users.get((await c.users.list(1))[0]!.userid), c.tags.list()]);
    expect(c.stats.tokenRefreshes).toBeGreaterThanOrEqual(1);
    expect(c.stats.tokenFetches).toBe(2);
  });

  it('is refreshed when it expired on the server (42001)', async () => {
    const s = await sim({ tokenLifetimeSeconds: 7200 });
    const c = client(s, { tokenRefreshMarginMs: 0 });
    await c.departments.list();
    await s.control.advanceClock(7201_000);
    await c.departments.list();
    expect(c.stats.tokenFetches).toBe(2);
    expect(c.stats.tokenRefreshes).toBe(1);
  });

  it('is refreshed ahead of expiry by the client clock', async () => {
    const s = await sim();
    let now = Date.now();
    const c = client(s, { clock: { now: () => now, sleep: async () => {} }, tokenRefreshMarginMs: 300_000 });
    await c.departments.list();
    now += 7200_000 - 299_000;
    await c.departments.list();
    expect(c.stats.tokenFetches).toBe(2);
    expect(c.stats.tokenRefreshes).toBe(0);
  });

  it('is shared through a token store by clients that share it', async () => {
    const s = await sim();
    const store = new MemoryTokenStore();
    const a = client(s, { tokenStore: store });
    const b = client(s, { tokenStore: store });
    await a.departments.list();
    await b.departments.list();
    expect(a.stats.tokenFetches + b.stats.tokenFetches).toBe(1);
    expect((await s.control.stats()).byApi.gettoken).toBe(1);
  });

  it('fails with the gettoken error for a bad secret or corpid, never showing the secret', async () => {
    const s = await sim();
    const badSecret = 'this-is-a-wrong-secret-123456';
    const e1 = await rejection(client(s, { secret: badSecret }).departments.list());
    expect(e1).toBeInstanceOf(WeComApiError);
    expect(e1).toMatchObject({ code: 'WECOM_API', errcode: 40001, api: 'gettoken' });
    expect(JSON.stringify({ ...e1, message: e1.message })).not.toContain(badSecret);
    const e2 = await rejection(client(s, { corpId: 'wwnotthiscorp' }).departments.list());
    expect(e2).toMatchObject({ errcode: 40013 });
    expect(e2.message).not.toContain(s.secret);
  });
});
