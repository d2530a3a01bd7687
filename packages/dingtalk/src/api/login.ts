import { registerSecret } from '@jitkit/core';
import type { DingTalkClient } from '../client.js';
import type { DingTalkMe } from '../types.js';

export const DINGTALK_LOGIN_BASE = 'https://login.dingtalk.com';

export interface LoginUrlOptions {
  clientId: string;
  redirectUri: string;
  state: string;
  /** Let the person pick an organisation (`scope=openid corpid`). */
  pickCorp?: boolean;
  baseUrl?: string;
}

/** Where to send a browser for QR / web login. DingTalk redirects back with `?authCode=…&state=…` (or `?error=…`). */
export function buildLoginUrl(o: LoginUrlOptions): string {
  const q = new URLSearchParams({
    redirect_uri: o.redirectUri,
    response_type: 'code',
    client_id: o.clientId,
    scope: o.pickCorp ? 'openid corpid' : 'openid',
    state: o.state,
    prompt: 'consent',
  });
  return `${(o.baseUrl ?? DINGTALK_LOGIN_BASE).replace(/\/+$/, '')}/oauth2/auth?${q}`;
}

/** Web login's token exchange and the person behind it (v1.0, on the person's own token). */
export class LoginApi {
  constructor(
    private readonly client: DingTalkClient,
    private readonly appSecret: () => string,
  ) {}

  /** The authCode of a login redirect -> a user access token (single use; 400 invalidParameter.authCode.notFound otherwise). */
  async userAccessToken(code: string): Promise<{ accessToken: string; corpId?: string }> {
    const r = await this.client.v1<{ accessToken: string; corpId?: string }>(
      'POST',
      'oauth2/userAccessToken',
      { clientId: this.client.appKey, clientSecret: this.appSecret(), code, grantType: 'authorization_code' },
      { auth: 'none' },
    );
    registerSecret(r.accessToken);
    return r;
  }

  /** The person a user access token belongs to. */
  async me(userToken: string): Promise<DingTalkMe> {
    return this.client.v1<DingTalkMe>('GET', 'contact/users/me', undefined, { userToken });
  }
}
