import { ddSimAppEnv } from '@jitkit/dingtalk-sim';
import { simAppEnv } from '@jitkit/wecom-sim';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOCK, DATABASE, loadApp, LOGGER, MemoryLogger } from '@jitkit/core';
import { createServer } from '../src/serve/server.js';
import { safeNext } from '../src/serve/safe-next.js';
import { callbackCrypto, loginAs, me, nowSeconds, postCallback, updateUserXml } from './serve-attack-helpers.js';
import { demoApp, serveFixture, type ServeFixture } from './serve-helpers.js';

// Issue 9: each `describe` pins one item of "jitkit serve hardened".
let f: ServeFixture;
beforeAll(async () => {
  f = await serveFixture({}, { adminToken: 'admin-token-for-tests' });
});
afterAll(() => f?.close());

const activeUser = async (i = 2) =>
  (await f.sim.control.snapshot()).users.filter((u) => u.status === 1 && u.enable === 1 && u.userid !== f.sim.state.org.creatorUserid)[i]!;

describe('1. no open redirect after login', () => {
  it('accepts only same-site paths; control and whitespace characters, raw or encoded, mean /me', () => {
    for (const bad of [
      '/\t/evil.example',
      '/%09/evil.example',
      '/%2509/evil.example',
      '/\n/evil.example',
      '/%0d%0aSet-Cookie:x=1',
      '/\r/x',
      '/\v/x',
      '/\u3000/evil.example',
      '/%E3%80%80/evil.example',
      '//evil.example',
      '/\\evil.example',
      'https://evil.example/',
      'javascript:alert(1)',
      '/%2F/evil.example',
      '',
      42,
      undefined,
    ]) {
      expect(safeNext(bad), JSON.stringify(bad)).toBe('/me');
    }
    expect(safeNext('/me?tab=roles#x')).toBe('/me?tab=roles#x');
    expect(safeNext('/reports/2026')).toBe('/reports/2026');
  });

  it('a login with a hostile next ends on /me, never elsewhere and never a 500', async () => {
    const u = await activeUser();
    for (const next of ['/\t/evil.example', '/%09/evil.example', '/\r\n/evil.example', '/\u3000/evil.example']) {
      const r = await loginAs(f, u.userid, next);
      expect(r.status, next).toBe(302);
      expect(r.location, next).toBe('/me');
    }
    expect((await loginAs(f, u.userid, '/me?tab=roles')).location).toBe('/me?tab=roles');
  });
});

describe('2. the URL check is no decryption oracle', () => {
  const urlCheck = (query: Record<string, string>) => fetch(`${f.url}/wecom/callback/MyQywxCorp?${new URLSearchParams(query)}`);
  const sealedEcho = (plain: string, timestamp: string) => {
    const c = callbackCrypto(f);
    const sealed = c.seal(plain, timestamp, 'nn');
    const echostr = /<Encrypt><!\[CDATA\[(.*)\]\]><\/Encrypt>/.exec(sealed.body)![1]!;
    return { msg_signature: c.signature(timestamp, 'nn', echostr), timestamp, nonce: 'nn', echostr };
  };

  it('refuses a stale timestamp, as POST does', async () => {
    const res = await urlCheck(sealedEcho('8234511', String(Math.floor(Date.now() / 1000) - 365 * 86400)));
    expect(res.status).toBe(403);
    expect(await res.text()).not.toContain('8234511');
  });

  it('refuses to decrypt a captured message sent as a URL check', async () => {
    const u = await activeUser();
    const c = callbackCrypto(f);
    const secretXml = updateUserXml(f, u.userid, '<Mobile><![CDATA[13912345678]]></Mobile><Name><![CDATA[泄露测试]]></Name>');
    const { query, body } = c.seal(secretXml, nowSeconds(), 'cap1');
    const echostr = /<Encrypt><!\[CDATA\[(.*)\]\]><\/Encrypt>/.exec(body)![1]!;
    const res = await urlCheck({ ...query, echostr });
    const text = await res.text();
    expect(res.status).toBe(400);
    expect(text).not.toContain('13912345678');
    expect(text).not.toContain('泄露测试');
  });
});

describe('4. sessions end when they should', () => {
  it('logout revokes the session server-side: a copied cookie no longer works', async () => {
    const { session } = await loginAs(f, (await activeUser(3)).userid);
    expect((await me(f, session!)).status).toBe(200);
    // A HEAD (a prefetch, a link preview) does not log out.
    expect((await fetch(`${f.url}/logout`, { method: 'HEAD', headers: { cookie: `jk_session=${session}` } })).status).toBe(405);
    expect((await me(f, session!)).status).toBe(200);
    const out = await fetch(`${f.url}/logout`, { redirect: 'manual', headers: { cookie: `jk_session=${session}` } });
    expect(out.status).toBe(302);
    expect((await me(f, session!)).status).toBe(401);
    await expect(f.corp.verifySession(session!)).rejects.toMatchObject({ code: 'AUTH_FAILED', details: { reason: 'session-revoked' } });
  });

  it('a token with anything appended is invalid', async () => {
    const { session } = await loginAs(f, (await activeUser(4)).userid);
    for (const extended of [`${session}.x`, `${session}A`, `${session}=`, ` ${session}`, `${session}\n`]) {
      await expect(f.corp.verifySession(extended), JSON.stringify(extended)).rejects.toMatchObject({ code: 'AUTH_FAILED' });
    }
    expect((await me(f, session!)).status).toBe(200);
  });

  it('resigned, disabled or removed members lose every open session at once', async () => {
    const [a, b, c] = [await activeUser(5), await activeUser(6), await activeUser(7)];
    const sa = (await loginAs(f, a.userid)).session!;
    const sb = (await loginAs(f, b.userid)).session!;
    const sc = (await loginAs(f, c.userid)).session!;
    for (const s of [sa, sb, sc]) expect((await me(f, s)).status).toBe(200);
    await f.sim.control.org('user/update', { userid: b.userid, enable: 0 });
    await f.sim.control.org('user/delete', { userid: c.userid });
    await f.settle();
    await f.corp.offlineMember([a.userid]);
    for (const [s, reason] of [
      [sa, 'resigned'],
      [sb, 'disabled'],
      [sc, 'resigned'],
    ] as const) {
      const res = await me(f, s);
      expect(res.status).toBe(401);
      await expect(f.corp.verifySession(s)).rejects.toMatchObject({ code: 'AUTH_FAILED', details: { reason } });
    }
    await f.sim.control.org('user/update', { userid: b.userid, enable: 1 });
    await f.settle();
  });
});

describe('5. the login state works across processes, expires, and is single use', () => {
  async function otherProcess(clockOffsetMs = 0) {
    const logger = new MemoryLogger('debug');
    const app = await loadApp(demoApp, {
      env: {
        ...simAppEnv(f.sim),
        ...ddSimAppEnv(f.dd),
      },
      database: f.db.url,
      services: (a) => {
        a.register(LOGGER, { useValue: logger });
        if (clockOffsetMs)
          a.register(CLOCK, {
            useValue: { now: () => Date.now() + clockOffsetMs, sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, ms)) },
          });
      },
    });
    const served = await createServer(app, { schedule: false, realtime: false, initialSync: false });
    const url = await served.listen(0, '127.0.0.1');
    return { url, close: async () => (await served.close(), await app.close()) };
  }

  async function beginOn(url: string, userid: string) {
    await f.sim.control.loginAs({ userid });
    const start = await fetch(`${url}/login/MyQywxCorp`, { redirect: 'manual' });
    const cookie = start.headers
      .getSetCookie()
      .map((c) => c.split(';')[0]!)
      .join('; ');
    const upstream = await fetch(start.headers.get('location')!, { redirect: 'manual' });
    const callback = new URL(upstream.headers.get('location')!);
    return { cookie, path: callback.pathname + callback.search };
  }

  it('a login begun on one process finishes on another', async () => {
    const other = await otherProcess();
    try {
      const { cookie, path } = await beginOn(f.url, (await activeUser(8)).userid);
      const res = await fetch(`${other.url}${path}`, { redirect: 'manual', headers: { cookie } });
      expect(res.status).toBe(302);
      expect(res.headers.get('location')).toBe('/me');
    } finally {
      await other.close();
    }
  });

  it('a state older than 10 minutes is refused', async () => {
    const later = await otherProcess(11 * 60_000);
    try {
      const { cookie, path } = await beginOn(f.url, (await activeUser(8)).userid);
      const res = await fetch(`${later.url}${path}`, { redirect: 'manual', headers: { cookie } });
      expect(res.status).toBe(400);
      expect(await res.text()).toContain('too long');
    } finally {
      await later.close();
    }
  });

  it('a state works once, and HEAD does not use up the code', async () => {
    const { cookie, path } = await beginOn(f.url, (await activeUser(8)).userid);
    const head = await fetch(`${f.url}${path}`, { method: 'HEAD', redirect: 'manual', headers: { cookie } });
    expect(head.status).toBe(405);
    expect(head.headers.get('allow')).toBe('GET');
    const first = await fetch(`${f.url}${path}`, { redirect: 'manual', headers: { cookie } });
    expect(first.status).toBe(302);
    const again = await fetch(`${f.url}${path}`, { redirect: 'manual', headers: { cookie } });
    expect(again.status).toBe(400);
    expect(await again.text()).toContain('already used');
  });
});

describe('6. /health shows details only to the admin token', () => {
  it('unauthenticated: status only; with the bearer token: corps, counts and queues', async () => {
    const anon = await (await fetch(`${f.url}/health`)).json();
    expect(anon).toEqual({ status: 'ok', checks: { database: 'ok' } });
    const wrong = await (await fetch(`${f.url}/health`, { headers: { authorization: 'Bearer nope' } })).json();
    expect(wrong).toEqual({ status: 'ok', checks: { database: 'ok' } });
    const admin = await (await fetch(`${f.url}/health`, { headers: { authorization: 'Bearer admin-token-for-tests' } })).json();
    expect(admin).toMatchObject({
      status: 'ok',
      app: 'jitkit-demo',
      corps: expect.arrayContaining([
        expect.objectContaining({ name: 'MyQywxCorp', initialized: true, pendingEvents: expect.any(Number) }),
      ]),
    });
  });
});

describe('8. replays inside the window cost nothing', () => {
  it('20 replays of one delivery: one event queued, 19 answered 200 without work', async () => {
    await f.settle();
    const u = await activeUser(9);
    const { query, body } = callbackCrypto(f).seal(updateUserXml(f, u.userid), nowSeconds(), 'replay-me');
    const db = f.app.resolve(DATABASE);
    const eventsBefore = Number((await db('jk_events').count<{ n: number }[]>({ n: '*' }))[0]!.n);
    const runsBefore = (await f.corp.listSyncRuns(1000)).length;
    for (let i = 0; i < 20; i++) expect((await postCallback(f, query, body)).status).toBe(200);
    await f.settle();
    expect(Number((await db('jk_events').count<{ n: number }[]>({ n: '*' }))[0]!.n)).toBe(eventsBefore + 1);
    expect((await f.corp.listSyncRuns(1000)).length - runsBefore).toBe(1);
    expect(f.logger.lines.filter((l) => l.includes('status=replay')).length).toBeGreaterThanOrEqual(19);
  });
});

describe('9. bad XML is bad input', () => {
  it('deep nesting and __proto__ names are a 400 with a log line, in the envelope or inside the message', async () => {
    const u = await activeUser();
    const c = callbackCrypto(f);
    const deep = `<xml>${'<a>'.repeat(5000)}x${'</a>'.repeat(5000)}</xml>`;
    const inner = c.seal(
      `<xml><__proto__><polluted>1</polluted></__proto__><Event>change_contact</Event><ChangeType>update_user</ChangeType><UserID>${u.userid}</UserID></xml>`,
      nowSeconds(),
      'p1',
    );
    const cases: [string, Record<string, string>, string][] = [
      ['deep envelope', { msg_signature: 'a', timestamp: nowSeconds(), nonce: 'n' }, deep],
      [
        '__proto__ envelope',
        { msg_signature: 'a', timestamp: nowSeconds(), nonce: 'n' },
        '<xml><__proto__><x>1</x></__proto__><Encrypt>abc</Encrypt></xml>',
      ],
      ['__proto__ inside the sealed message', inner.query as unknown as Record<string, string>, inner.body],
    ];
    for (const [what, query, body] of cases) {
      const lines = f.logger.lines.length;
      const res = await postCallback(f, query, body);
      expect(res.status, what).toBe(400);
      expect(f.logger.lines.slice(lines).join('\n'), what).toMatch(/callback refused/);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('10. HTTP hygiene', () => {
  it('HTML pages send nosniff, no-referrer and a CSP forbidding frames; member pages are not cached', async () => {
    for (const path of ['/', '/me', '/login/NoSuchCorp']) {
      const res = await fetch(`${f.url}${path}`, { redirect: 'manual' });
      expect(res.headers.get('content-type'), path).toMatch(/^text\/html/);
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('referrer-policy'), path).toBe('no-referrer');
      expect(res.headers.get('content-security-policy'), path).toContain("frame-ancestors 'none'");
    }
    for (const path of ['/me', '/login/MyQywxCorp', '/logout'])
      expect((await fetch(`${f.url}${path}`, { redirect: 'manual' })).headers.get('cache-control'), path).toBe('no-store');
  });

  it('a known path with the wrong method answers 405 with Allow', async () => {
    const del = await fetch(`${f.url}/health`, { method: 'DELETE' });
    expect(del.status).toBe(405);
    expect(del.headers.get('allow')).toContain('GET');
    const put = await fetch(`${f.url}/wecom/callback/MyQywxCorp`, { method: 'PUT', body: 'x' });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toMatch(/GET.*POST|POST.*GET/);
  });

  it('unknown routes and router errors share one JSON format and echo neither method nor path', async () => {
    for (const [path, status] of [
      ['/%3Cscript%3Ealert(1)%3C/script%3E', 404],
      [`/login/${'a'.repeat(300)}`, 414],
      ['/login/%E0%A4%A', 400],
    ] as const) {
      const res = await fetch(`${f.url}${path}`, { method: 'GET' });
      const text = await res.text();
      expect(res.status, path).toBe(status);
      expect(res.headers.get('content-type'), path).toMatch(/^application\/json/);
      expect(JSON.parse(text)).toMatchObject({ statusCode: status, message: expect.any(String) });
      expect(text).not.toMatch(/script|aaaa|GET|%E0/i);
    }
  });

  it('a body that arrives too slowly is closed (default 30 s; 1 s here)', async () => {
    expect(f.served.fastify.server.requestTimeout).toBe(30_000);
    const app = f.app;
    const slow = await createServer(app, { schedule: false, realtime: false, initialSync: false, requestTimeoutMs: 1_000 });
    const url = new URL(await slow.listen(0, '127.0.0.1'));
    try {
      const started = Date.now();
      const closedAfter = await new Promise<number>((resolve, reject) => {
        const socket = net.connect(Number(url.port), '127.0.0.1', () => {
          socket.write(
            `POST /wecom/callback/MyQywxCorp?msg_signature=a&timestamp=1&nonce=n HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\nContent-Length: 1000\r\n\r\n<xml>`,
          );
        });
        socket.on('data', () => undefined);
        socket.on('close', () => resolve(Date.now() - started));
        socket.on('error', () => undefined);
        setTimeout(() => reject(new Error('the slow body was never closed')), 10_000);
      });
      expect(closedAfter).toBeLessThan(5_000);
    } finally {
      await slow.close();
    }
  });
});

describe('11. logged client addresses are honest', () => {
  const forgedPost = (url: string) =>
    fetch(`${url}/wecom/callback/MyQywxCorp?msg_signature=a&timestamp=${nowSeconds()}&nonce=n`, {
      method: 'POST',
      body: '<xml><Encrypt>abc</Encrypt></xml>',
      headers: { 'content-type': 'text/xml', 'x-forwarded-for': '203.0.113.9' },
    });
  const lastRefusal = () => f.logger.lines.filter((l) => l.includes('callback refused')).at(-1)!;

  it('X-Forwarded-For is ignored by default', async () => {
    await forgedPost(f.url);
    expect(lastRefusal()).toContain('ip=127.0.0.1');
  });

  it('and believed from a proxy named in --trust-proxy', async () => {
    const proxied = await createServer(f.app, { schedule: false, realtime: false, initialSync: false, trustProxy: ['127.0.0.1'] });
    const url = await proxied.listen(0, '127.0.0.1');
    try {
      await forgedPost(url);
      expect(lastRefusal()).toContain('ip=203.0.113.9');
    } finally {
      await proxied.close();
    }
  });
});

describe('12. the event queue is bounded', () => {
  it('stores only what the re-read needs: no mobile, email or name', async () => {
    const u = await activeUser(10);
    const xml = updateUserXml(
      f,
      u.userid,
      '<Name><![CDATA[隐私姓名]]></Name><Mobile><![CDATA[13800009999]]></Mobile><Email><![CDATA[private@example.com]]></Email><Position><![CDATA[P]]></Position>',
    );
    const { query, body } = callbackCrypto(f).seal(xml, nowSeconds(), 'slim1');
    expect((await postCallback(f, query, body)).status).toBe(200);
    const rows = await f.app.resolve(DATABASE)('jk_events').select('payload');
    const stored = rows.map((r: { payload: string }) => r.payload).join('\n');
    expect(stored).toContain(u.userid);
    for (const privateValue of ['隐私姓名', '13800009999', 'private@example.com']) expect(stored).not.toContain(privateValue);
    await f.settle();
  });

  it('applied events are pruned after the retention period', async () => {
    const g = await serveFixture(
      { users: 20, depts: 4, seed: 5 },
      { realtimeOptions: { pollMs: 50, retentionMs: 200, pruneEveryMs: 100 } },
    );
    try {
      const u = (await g.sim.control.snapshot()).users.find((x) => x.userid !== g.sim.state.org.creatorUserid)!;
      await g.sim.control.org('user/update', { userid: u.userid, position: 'pruned soon' });
      await g.settle();
      const db = g.app.resolve(DATABASE);
      const count = async () => Number((await db('jk_events').count<{ n: number }[]>({ n: '*' }))[0]!.n);
      expect(await g.corp.getMember(u.userid)).toMatchObject({ position: 'pruned soon' });
      for (let i = 0; i < 100 && (await count()) > 0; i++) await new Promise((r) => setTimeout(r, 50));
      expect(await count()).toBe(0);
    } finally {
      await g.close();
    }
  });
});
