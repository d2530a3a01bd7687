import { JitError } from '@jitkit/core';

export const OAUTH_AUTHORIZE_BASE = 'https://open.weixin.qq.com';
export const QR_LOGIN_BASE = 'https://login.work.weixin.qq.com';

const STATE = /^[a-zA-Z0-9]{0,128}$/;

export interface AuthorizeUrlOptions {
  corpId: string;
  redirectUri: string;
  state?: string;
  /** snsapi_base (default): the userid only; snsapi_privateinfo: also a user_ticket (needs agentId). */
  scope?: 'snsapi_base' | 'snsapi_privateinfo';
  agentId?: string;
  /** Default https://open.weixin.qq.com; the emulator serves the same path. */
  baseUrl?: string;
}

function checkState(state: string): void {
  if (!STATE.test(state))
    throw new JitError('INVALID_ARGUMENT', 'OAuth state must be at most 128 letters and digits ([a-zA-Z0-9])', { field: 'state' });
}

function checkRedirect(uri: string): void {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw new JitError('INVALID_ARGUMENT', `redirectUri is not an absolute URL: ${uri}`, { field: 'redirectUri' });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new JitError('INVALID_ARGUMENT', 'redirectUri must be http(s)', { field: 'redirectUri' });
}

/** The in-app (WeCom client) login URL; WeCom redirects to redirectUri?code=CODE&state=STATE. */
export function buildAuthorizeUrl(o: AuthorizeUrlOptions): string {
  const scope = o.scope ?? 'snsapi_base';
  const state = o.state ?? '';
  checkState(state);
  checkRedirect(o.redirectUri);
  if (scope === 'snsapi_privateinfo' && !o.agentId)
    throw new JitError('INVALID_ARGUMENT', 'scope snsapi_privateinfo needs agentId', { field: 'agentId' });
  const base = (o.baseUrl ?? OAUTH_AUTHORIZE_BASE).replace(/\/+$/, '');
  const agent = o.agentId ? `&agentid=${encodeURIComponent(o.agentId)}` : '';
  return `${base}/connect/oauth2/authorize?appid=${encodeURIComponent(o.corpId)}&redirect_uri=${encodeURIComponent(o.redirectUri)}&response_type=code&scope=${scope}&state=${state}${agent}#wechat_redirect`;
}

export interface QrLoginUrlOptions {
  corpId: string;
  agentId: string;
  redirectUri: string;
  state?: string;
  /** Default https://login.work.weixin.qq.com. */
  baseUrl?: string;
}

/** The QR / browser login URL (web login outside the WeCom client). */
export function buildQrLoginUrl(o: QrLoginUrlOptions): string {
  const state = o.state ?? '';
  checkState(state);
  checkRedirect(o.redirectUri);
  const base = (o.baseUrl ?? QR_LOGIN_BASE).replace(/\/+$/, '');
  return `${base}/wwlogin/sso/login?login_type=CorpApp&appid=${encodeURIComponent(o.corpId)}&agentid=${encodeURIComponent(o.agentId)}&redirect_uri=${encodeURIComponent(o.redirectUri)}&state=${state}`;
}
