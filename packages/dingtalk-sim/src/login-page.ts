import type { IncomingMessage, ServerResponse } from 'node:http';
import { escapeHtml, randomToken, sendHtml } from '@jitkit/sim-kit';
import type { DtSimState } from './state.js';

function errorPage(res: ServerResponse, message: string): void {
  sendHtml(res, 400, `<!doctype html><html><body><h1>钉钉登录错误</h1><p id="error">${escapeHtml(message)}</p></body></html>`);
}

/**
 * login.dingtalk.com's `/oauth2/auth`: a page to pick who signs in (or a person set beforehand
 * with `control.loginAs`), then the redirect back with `authCode` and, as some libraries read,
 * `code` (?), and `state`; "拒绝" redirects with `error=access_denied`.
 */
export function handleLoginPage(state: DtSimState, req: IncomingMessage, res: ServerResponse, url: URL): void {
  const q = url.searchParams;
  if (q.get('client_id') !== state.settings.appKey) return errorPage(res, 'client_id 不是本应用的 AppKey');
  if (q.get('response_type') !== 'code') return errorPage(res, 'response_type 必须是 code');
  if (!(q.get('scope') ?? '').split(/[ +]/).includes('openid')) return errorPage(res, 'scope 必须包含 openid');
  let redirect: URL;
  try {
    redirect = new URL(q.get('redirect_uri') ?? '');
  } catch {
    return errorPage(res, 'redirect_uri 不是合法的地址');
  }
  const back = (params: Record<string, string>) => {
    for (const [k, v] of Object.entries(params)) redirect.searchParams.set(k, v);
    redirect.searchParams.set('state', q.get('state') ?? '');
    res.writeHead(302, { location: redirect.toString() });
    res.end();
  };
  const who = q.get('userid') ?? state.loginAs;
  if (q.get('deny') === '1') return back({ error: 'access_denied' });
  if (who) {
    if (!state.org.users.has(who)) return errorPage(res, `没有成员 ${who}`);
    const code = randomToken(32);
    state.codes.set(code, { userid: who, expiresAt: state.clock.now() + 300_000, kind: 'web' });
    return back({ authCode: code, code });
  }
  const keep = [...q.entries()].map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`).join('');
  const options = [...state.org.users.values()]
    .slice(0, 500)
    .map((u) => `<option value="${escapeHtml(u.userid)}">${escapeHtml(u.name)} (${escapeHtml(u.userid)})</option>`)
    .join('');
  sendHtml(
    res,
    200,
    `<!doctype html><html><head><meta charset="utf-8"><title>钉钉登录</title></head><body><h1>钉钉扫码登录（模拟）</h1><form method="get" action="/oauth2/auth">${keep}<select name="userid" id="userid">${options}</select><button id="agree" type="submit">同意</button><button id="deny" type="submit" name="deny" value="1">拒绝</button></form></body></html>`,
  );
}
