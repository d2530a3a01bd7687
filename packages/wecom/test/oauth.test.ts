import { describe, expect, it } from 'vitest';
import { buildAuthorizeUrl, buildQrLoginUrl } from '@jitkit/wecom';
import { client, rejection, sim } from './helpers/sim.js';

async function follow(url: string): Promise<URL> {
  const res = await fetch(url, { redirect: 'manual' });
  expect(res.status).toBe(302);
  return new URL(res.headers.get('location')!);
}

describe('OAuth URLs', () => {
  it("builds the in-app authorize URL in WeCom's documented form", () => {
    expect(
      buildAuthorizeUrl({
        corpId: 'ww123',
        agentId: '1000002',
        redirectUri: 'https://app.example.com/login/callback?x=1',
        state: 'abc123',
      }),
    ).toBe(
      'https://open.weixin.qq.com/connect/oauth2/authorize?appid=ww123&redirect_uri=https%3A%2F%2Fapp.example.com%2Flogin%2Fcallback%3Fx%3D1&response_type=code&scope=snsapi_base&state=abc123&agentid=1000002#wechat_redirect',
    );
  });

  it('builds the QR login URL', () => {
    expect(buildQrLoginUrl({ corpId: 'ww123', agentId: '1000002', redirectUri: 'https://app.example.com/cb', state: 'S1' })).toBe(
      'https://login.work.weixin.qq.com/wwlogin/sso/login?login_type=CorpApp&appid=ww123&agentid=1000002&redirect_uri=https%3A%2F%2Fapp.example.com%2Fcb&state=S1',
    );
  });

  it('refuses a state WeCom would refuse, and privateinfo without agentid', () => {
    expect(() => buildAuthorizeUrl({ corpId: 'w', redirectUri: 'https://a/b', state: 'no-dashes' })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
    expect(() => buildAuthorizeUrl({ corpId: 'w', redirectUri: 'https://a/b', state: 'x'.repeat(129) })).toThrow(/at most 128/);
    expect(() => buildAuthorizeUrl({ corpId: 'w', redirectUri: 'https://a/b', scope: 'snsapi_privateinfo' })).toThrow(/needs agentId/);
    expect(() => buildAuthorizeUrl({ corpId: 'w', redirectUri: '/relative' })).toThrow(/not an absolute URL/);
  });
});

describe('member login against the emulator', () => {
  it('authorize -> redirect with a single-use code -> getuserinfo gives the userid', async () => {
    const s = await sim();
    const c = client(s);
    const member = [...s.state.org.users.values()][3]!;
    await s.control.loginAs({ userid: member.userid });
    const url = buildAuthorizeUrl({
      corpId: s.corpId,
      agentId: s.agentId,
      redirectUri: 'http://127.0.0.1:9/cb',
      state: 'st8',
      baseUrl: s.url,
    });
    const back = await follow(url);
    expect(back.searchParams.get('state')).toBe('st8');
    const code = back.searchParams.get('code')!;
    expect(await c.auth.getUserInfo(code)).toEqual({ kind: 'member', userid: member.userid });
    expect(await rejection(c.auth.getUserInfo(code))).toMatchObject({ code: 'WECOM_API', errcode: 40029 });
  });

  it('the QR login works the same way', async () => {
    const s = await sim();
    const member = [...s.state.org.users.values()][1]!;
    await s.control.loginAs({ userid: member.userid });
    const back = await follow(
      buildQrLoginUrl({ corpId: s.corpId, agentId: s.agentId, redirectUri: 'http://localhost:9/cb', state: 'q', baseUrl: s.url }),
    );
    expect(await client(s).auth.getUserInfo(back.searchParams.get('code')!)).toMatchObject({ userid: member.userid });
  });

  it('a code expires after 5 minutes', async () => {
    const s = await sim();
    const code = await s.control.issueCode([...s.state.org.users.keys()][0]!);
    await s.control.advanceClock(5 * 60_000 + 1);
    expect(await rejection(client(s).auth.getUserInfo(code))).toMatchObject({ errcode: 40029 });
  });

  it('snsapi_privateinfo gives a user_ticket for getuserdetail', async () => {
    const s = await sim();
    const c = client(s);
    const member = [...s.state.org.users.values()][2]!;
    const code = await s.control.issueCode(member.userid, 'snsapi_privateinfo');
    const who = await c.auth.getUserInfo(code);
    expect(who).toMatchObject({ kind: 'member', userid: member.userid, userTicket: expect.any(String) });
    const detail = await c.auth.getUserDetail((who as { userTicket: string }).userTicket);
    expect(detail).toEqual({
      userid: member.userid,
      gender: member.gender,
      avatar: member.avatar,
      qr_code: member.qr_code,
      mobile: member.mobile,
      email: member.email,
      biz_mail: member.biz_mail,
      address: member.address,
    });
    expect(await rejection(c.auth.getUserDetail('not-a-ticket'))).toMatchObject({ errcode: 84015 });
  });

  it('a non-member gets an openid; a refused login carries no code; legacy getuserinfo answers PascalCase', async () => {
    const s = await sim();
    const c = client(s);
    await s.control.loginAs({ openid: 'oOutsider123' });
    const url = buildAuthorizeUrl({ corpId: s.corpId, redirectUri: 'http://127.0.0.1:9/cb', state: 'a', baseUrl: s.url });
    expect(await c.auth.getUserInfo((await follow(url)).searchParams.get('code')!)).toEqual({ kind: 'non-member', openid: 'oOutsider123' });
    await s.control.loginAs({ refuse: true });
    const refused = await follow(url);
    expect(refused.searchParams.has('code')).toBe(false);
    expect(refused.searchParams.get('state')).toBe('a');
    const member = [...s.state.org.users.values()][0]!;
    expect(await c.auth.getUserInfoLegacy(await s.control.issueCode(member.userid))).toEqual({ kind: 'member', userid: member.userid });
  });

  it('a redirect_uri outside the trusted domains is refused (50001)', async () => {
    const s = await sim();
    const res = await fetch(buildAuthorizeUrl({ corpId: s.corpId, redirectUri: 'https://evil.example.net/cb', baseUrl: s.url }), {
      redirect: 'manual',
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('50001');
  });
});
