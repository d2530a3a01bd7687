import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallbackCrypto } from '@jitkit/wecom';
import { leakedSecrets } from '@jitkit/testing';
import { Browser, serveFixture, type ServeFixture } from './serve-helpers.js';

let f: ServeFixture;
beforeAll(async () => {
  f = await serveFixture({}, { adminToken: 'health-admin' });
});
afterAll(() => f?.close());

const cb = () => `${f.url}/wecom/callback/MyQywxCorp`;
const crypto = () => new CallbackCrypto({ token: f.sim.token, encodingAESKey: f.sim.encodingAESKey, receiveId: f.sim.corpId });
const now = () => String(Math.floor(Date.now() / 1000));
const eventXml = (userid: string) =>
  `<xml><ToUserName><![CDATA[${f.sim.corpId}]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName><CreateTime>${now()}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[change_contact]]></Event><ChangeType><![CDATA[update_user]]></ChangeType><UserID><![CDATA[${userid}]]></UserID></xml>`;
async function post(query: Record<string, string>, body: string): Promise<number> {
  return (await fetch(`${cb()}?${new URLSearchParams(query)}`, { method: 'POST', body, headers: { 'content-type': 'text/xml' } })).status;
}

describe('the WeCom callback URL', () => {
  it('answers the URL check with the plaintext echostr, quickly', async () => {
    const c = crypto();
    const sealed = c.seal('5927344518064452741', now(), 'n1');
    const echostr = sealed.body.match(/<Encrypt><!\[CDATA\[(.*)\]\]><\/Encrypt>/)![1]!;
    const query = {
      msg_signature: c.signature(sealed.query.timestamp, 'n1', echostr),
      timestamp: sealed.query.timestamp,
      nonce: 'n1',
      echostr,
    };
    const t = Date.now();
    const res = await fetch(`${cb()}?${new URLSearchParams(query)}`);
    expect(Date.now() - t).toBeLessThan(1000);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('5927344518064452741');
  });

  it('applies real encrypted events pushed by the emulator: members, departments, tags', async () => {
    const snap = await f.sim.control.snapshot();
    const u = snap.users.find((x) => x.userid !== f.sim.state.org.creatorUserid)!;
    await f.sim.control.org('user/update', { userid: u.userid, position: '实时同步工程师' });
    const dept = (await f.sim.control.org('department/create', { name: '实时部门', parentid: 1 })).id as number;
    await f.sim.control.org('user/create', { userid: 'rt.newbie', name: '实时新人', department: [dept], mobile: '13900001234' });
    await f.settle();
    expect((await f.corp.getMember(u.userid))!.position).toBe('实时同步工程师');
    expect((await f.corp.getMember('rt.newbie'))!.departments.map((d) => d.name)).toEqual(['实时部门']);
    const runs = await f.corp.listSyncRuns(5);
    expect(runs.some((r) => r.kind === 'event' && r.status === 'succeeded')).toBe(true);
    // Targeted re-reads, not a full read of the org.
    expect(runs.find((r) => r.kind === 'event')!.upstreamCalls).toBeLessThan(40);
  });

  it('answers 200 well within 5 s, before the work is done', async () => {
    const c = crypto();
    const { body, query } = c.seal(eventXml([...f.sim.state.org.users.values()][3]!.userid), now(), 'fast1');
    const t = Date.now();
    expect(await post({ ...query }, body)).toBe(200);
    expect(Date.now() - t).toBeLessThan(2_000);
    await f.settle();
  });

  describe('refuses, with a 4xx, a log line without secrets, and nothing applied', () => {
    const cases: [string, () => { query: Record<string, string>; body: string }, number][] = [
      [
        'a bad signature',
        () => ({ ...crypto().seal(eventXml('x'), now(), 'n'), query: { msg_signature: 'f'.repeat(40), timestamp: now(), nonce: 'n' } }),
        403,
      ],
      [
        "another corp's message",
        () =>
          new CallbackCrypto({ token: f.sim.token, encodingAESKey: f.sim.encodingAESKey, receiveId: 'wwsomeothercorp' }).seal(
            eventXml('x'),
            now(),
            'n',
          ),
        403,
      ],
      ['a stale timestamp (replay)', () => crypto().seal(eventXml('x'), String(Math.floor(Date.now() / 1000) - 3600), 'n'), 403],
      ['malformed XML', () => ({ query: { msg_signature: 'a', timestamp: now(), nonce: 'n' }, body: '<xml><Encrypt>oops</xml>' }), 400],
      [
        'an oversize body',
        () => ({
          query: { msg_signature: 'a', timestamp: now(), nonce: 'n' },
          body: `<xml><Encrypt>${'A'.repeat(200_000)}</Encrypt></xml>`,
        }),
        413,
      ],
    ];
    for (const [what, make, status] of cases) {
      it(what, async () => {
        await f.settle();
        const before = await f.checksum();
        const lines = f.logger.lines.length;
        const { query, body } = make();
        expect(await post(query as Record<string, string>, body)).toBe(status);
        await new Promise((r) => setTimeout(r, 150));
        expect(await f.checksum()).toEqual(before);
        const logged = f.logger.lines.slice(lines).join('\n');
        expect(logged).toMatch(/refused/);
        expect(leakedSecrets(logged, { secret: f.sim.secret, token: f.sim.token, key: f.sim.encodingAESKey })).toEqual([]);
      });
    }
  });

  it('thin events (ids only) are enough: the change is re-read', async () => {
    await f.sim.control.setCallback({ url: cb(), thin: true, retryDelayMs: 20 });
    const u = [...f.sim.state.org.users.values()][5]!;
    await f.sim.control.org('user/update', { userid: u.userid, position: 'Thin but complete', name: `${u.name}改` });
    await f.settle();
    expect(await f.corp.getMember(u.userid)).toMatchObject({ position: 'Thin but complete' });
    await f.sim.control.setCallback({ url: cb(), retryDelayMs: 20 });
  });

  for (const seed of [42, 7, 2026, 1, 5])
    it(`duplicate and out-of-order deliveries of a random stream converge to what a full sync gives (seed ${seed})`, async () => {
      await f.sim.control.setCallback({ url: cb(), duplicates: 0.4, reorder: true, retryDelayMs: 20 });
      const rnd = (() => {
        let x = seed;
        return () => (x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
      })();
      const pick = <T>(list: T[]) => list[Math.floor(rnd() * list.length)]!;
      for (let i = 0; i < 60; i++) {
        const snap = await f.sim.control.snapshot();
        const users = snap.users.filter((u) => u.userid !== f.sim.state.org.creatorUserid);
        const depts = snap.departments.filter((d) => d.id !== 1);
        const r = rnd();
        if (r < 0.3) await f.sim.control.org('user/update', { userid: pick(users).userid, position: `pos-${i}` });
        else if (r < 0.45) await f.sim.control.org('user/update', { userid: pick(users).userid, department: [pick(depts).id] });
        else if (r < 0.55)
          await f.sim.control.org('user/create', {
            userid: `stream${seed}x${i}`,
            name: `流${i}`,
            department: [pick(depts).id],
            mobile: `137${String(seed).padStart(4, '0')}${String(i).padStart(4, '0')}`,
          });
        else if (r < 0.62) await f.sim.control.org('user/delete', { userid: pick(users).userid });
        else if (r < 0.7) {
          const u = pick(users);
          await f.sim.control.org('user/update', { userid: u.userid, new_userid: `${u.userid}.r${i}` });
        } else if (r < 0.78) await f.sim.control.org('department/create', { name: `流部门${seed}-${i}`, parentid: pick(depts).id });
        else if (r < 0.84) await f.sim.control.org('department/update', { id: pick(depts).id, name: `改名部门${seed}-${i}` });
        else if (r < 0.9) {
          const t = pick(snap.tags);
          await f.sim.control.org('tag/addtagusers', { tagid: t.tagid, userlist: [pick(users).userid] });
        } else {
          const t = pick(snap.tags);
          if (t.users.length) await f.sim.control.org('tag/deltagusers', { tagid: t.tagid, userlist: [pick(t.users)] });
        }
      }
      await f.settle();
      const plan = await f.corp.syncCorp({ dryRun: true });
      expect(plan.changes).toEqual([]);
      expect((await f.corp.listSyncRuns(100)).filter((r) => r.kind === 'event' && r.status !== 'succeeded')).toEqual([]);
      await f.sim.control.setCallback({ url: cb(), retryDelayMs: 20 });
    });
});

describe('member login', () => {
  it('redirects to WeCom with a state bound to the browser, and issues a session for /me', async () => {
    const snap = await f.sim.control.snapshot();
    const u = snap.users.find((x) => x.status === 1 && x.enable === 1 && x.userid !== 'rt.newbie')!;
    await f.sim.control.loginAs({ userid: u.userid });
    const b = new Browser();
    for (const qr of [false, true]) {
      const { res, visited } = await b.follow(`${f.url}/login/MyQywxCorp${qr ? '?qr=1' : ''}`);
      expect(visited[1]).toContain(qr ? '/wwlogin/sso/login?login_type=CorpApp' : '/connect/oauth2/authorize?appid=ww1234567890abcdef');
      expect(visited[2]).toMatch(/\/login\/MyQywxCorp\/callback\?code=\w+&state=[0-9a-f]{48}$/);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain(`Logged in as ${u.name}`);
      expect(html).toContain(`member <span id="member-id">${u.userid}</span>`);
    }
    const session = await f.corp.verifySession(b.cookie('jk_session')!);
    expect(session).toMatchObject({ memberId: u.userid, corpFullName: 'corps.MyQywxCorp' });
    await expect(f.corp.verifySession(b.cookie('jk_session')!.replace(/.$/, 'x'))).rejects.toMatchObject({ code: 'AUTH_FAILED' });
  });

  it('refuses a callback that did not start in this browser (CSRF)', async () => {
    const a = new Browser();
    const start = await a.get(`${f.url}/login/MyQywxCorp`);
    const emulatorRes = await a.get(start.headers.get('location')!);
    const callback = emulatorRes.headers.get('location')!;
    const other = new Browser();
    const res = await other.get(callback);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('did not start in this browser');
  });

  it('refuses resigned members, non-members and refused logins with a clear page', async () => {
    const snap = await f.sim.control.snapshot();
    const leaver = snap.users.find((x) => x.userid !== f.sim.state.org.creatorUserid && x.userid !== 'rt.newbie')!;
    await f.corp.offlineMember([leaver.userid]);
    for (const [choice, text] of [
      [{ userid: leaver.userid }, 'membership in this organisation has ended'],
      [{ openid: 'oOutsider' }, 'not a member of the organisation'],
      [{ refuse: true }, 'expired or was already used'],
    ] as const) {
      await f.sim.control.loginAs(choice);
      const { res } = await new Browser().follow(`${f.url}/login/MyQywxCorp`);
      expect(res.status).toBe(403);
      expect(await res.text()).toContain(text);
    }
    await f.corp.syncCorp();
  });

  it('/me without a session says so', async () => {
    const res = await new Browser().get(`${f.url}/me`);
    expect(res.status).toBe(401);
  });
});

describe('health', () => {
  it('reports each corp', async () => {
    const res = await fetch(`${f.url}/health`, { headers: { authorization: 'Bearer health-admin' } });
    expect(await res.json()).toMatchObject({
      status: 'ok',
      app: 'jitkit-demo',
      corps: expect.arrayContaining([
        expect.objectContaining({ name: 'MyQywxCorp', callbacks: true, initialized: true, pendingEvents: 0 }),
        expect.objectContaining({ name: 'MyDDCorp', fullName: 'corps.MyDDCorp', callbacks: true }),
      ]),
    });
  });
});

describe('scheduled sync', () => {
  it('runs the cron in the config, skipping a run while the previous one is still going', async () => {
    const g = await serveFixture({ users: 30, depts: 5 }, { schedule: true }, { WECOM_SYNC_SCHEDULE: '* * * * * *' });
    try {
      await g.sim.control.latency(1_500, 'department/list');
      const skipped = () => g.logger.lines.some((l) => l.includes('scheduled sync skipped: the previous one is still running'));
      const scheduledRuns = async () => (await g.corp.listSyncRuns(20)).filter((r) => r.kind === 'full').length - 1; // minus initCorp's
      for (let i = 0; i < 100 && !(skipped() && (await scheduledRuns()) >= 2); i++) await new Promise((r) => setTimeout(r, 100));
      expect(await scheduledRuns()).toBeGreaterThanOrEqual(2);
      expect(skipped()).toBe(true);
    } finally {
      await g.close();
    }
  });
});
