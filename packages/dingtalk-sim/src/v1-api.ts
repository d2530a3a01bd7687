import type { IncomingMessage } from 'node:http';
import { randomToken } from '@jitkit/sim-kit';
import { requestId } from './errors.js';
import type { DtSimState } from './state.js';

type Reply = { status: number; body: unknown };
type Route = (s: DtSimState, body: Record<string, unknown>, req: IncomingMessage) => Reply | Promise<Reply>;

const fail = (status: number, code: string, message: string): Reply => ({ status, body: { code, message, requestid: requestId() } });

/** The v1.0 family: camelCase bodies, the token in a header, errors as HTTP statuses with a string code. */
export const V1_ROUTES: Record<string, Route> = {
  'POST oauth2/accessToken': (s, b) => {
    if (b.appKey !== s.settings.appKey || b.appSecret !== s.settings.appSecret)
      return fail(400, 'invalidClientIdOrSecret', '无效的clientId或者clientSecret');
    const t = s.issueAppToken();
    return { status: 200, body: { accessToken: t.token, expireIn: t.expiresIn } };
  },
  'POST oauth2/userAccessToken': (s, b) => {
    if (b.clientId !== s.settings.appKey || b.clientSecret !== s.settings.appSecret)
      return fail(400, 'invalidClientIdOrSecret', '无效的clientId或者clientSecret');
    if (b.grantType !== 'authorization_code') return fail(400, 'invalidParameter.grantType.invalid', '不支持的grantType');
    const c = typeof b.code === 'string' ? s.codes.get(b.code) : undefined;
    if (!c || c.kind !== 'web' || c.expiresAt <= s.clock.now())
      return fail(400, 'invalidParameter.authCode.notFound', '不合法的临时授权码');
    s.codes.delete(b.code as string);
    const accessToken = randomToken(32);
    s.userTokens.set(accessToken, { userid: c.userid, expiresAt: s.clock.now() + 7_200_000 });
    return { status: 200, body: { accessToken, refreshToken: randomToken(32), expireIn: 7200, corpId: s.settings.corpId } };
  },
  'POST gateway/connections/open': (s, b) => s.stream.open(b, s.baseUrl),
  'GET contact/users/me': (s, _b, req) => {
    const t = s.userTokens.get(String(req.headers['x-acs-dingtalk-access-token'] ?? ''));
    if (!req.headers['x-acs-dingtalk-access-token'])
      return fail(400, 'AuthenticationFailed.MissingParameter', '缺少x-acs-dingtalk-access-token');
    if (!t || t.expiresAt <= s.clock.now()) return fail(401, 'InvalidAuthentication', '不合法的access_token');
    const u = s.org.users.get(t.userid) ?? s.org.former.get(t.userid);
    if (!u) return fail(400, 'InvalidParameter.User.NotFound', '用户不存在');
    return {
      status: 200,
      body: {
        nick: u.name,
        unionId: u.unionid,
        openId: `open${u.unionid}`,
        ...(u.mobile ? { mobile: u.mobile, stateCode: '86' } : {}),
        ...(u.email ? { email: u.email } : {}),
      },
    };
  },
};
