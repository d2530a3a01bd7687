import type { IncomingMessage, ServerResponse } from 'node:http';
import { ERRMSG } from './errors.js';
import { escapeHtml, sendHtml } from '@jitkit/sim-kit';
import type { SimState } from './state.js';

const STATE_RE = /^[a-zA-Z0-9]{0,128}$/;

function errorPage(res: ServerResponse, errcode: number, detail: string): void {
  sendHtml(
    res,
    400,
    `<!doctype html><html><body><h1>WeCom login error ${errcode}</h1><p>${escapeHtml(ERRMSG[errcode] ?? '')}</p><p>${escapeHtml(detail)}</p></body></html>`,
  );
}

function isTrusted(state: SimState, redirect: URL): boolean {
  return state.trustedDomains.includes(redirect.hostname) || state.trustedDomains.includes('*');
}

/**
 * The in-app authorize URL and the QR/browser login URL. The member who logs in is the one set
 * through the control API (`loginAs`), or the one picked on the page this shows otherwise.
 */
export function handleLoginPage(state: SimState, req: IncomingMessage, res: ServerResponse, url: URL): void {
  const q = url.searchParams;
  const qr = url.pathname === '/wwlogin/sso/login';
  if (q.get('appid') !== state.options.corpId) return errorPage(res, 40013, 'appid is not this corp');
  const redirectRaw = q.get('redirect_uri');
  let redirect: URL;
  try {
    redirect = new URL(redirectRaw ?? '');
  } catch {
    return errorPage(res, 50001, 'redirect_uri is missing or not a URL');
  }
  if (!isTrusted(state, redirect)) return errorPage(res, 50001, `${redirect.hostname} is not a trusted domain of this app`);
  const scope = qr ? 'snsapi_base' : (q.get('scope') ?? 'snsapi_base');
  if (!qr && q.get('response_type') !== 'code') return errorPage(res, 40058, 'response_type must be code');
  if (!['snsapi_base', 'snsapi_privateinfo'].includes(scope)) return errorPage(res, 40058, 'invalid scope');
  if ((qr || scope === 'snsapi_privateinfo') && q.get('agentid') !== state.options.agentId)
    return errorPage(res, 40058, 'agentid is missing or not this app');
  const stateParam = q.get('state') ?? '';
  if (!STATE_RE.test(stateParam)) return errorPage(res, 40058, 'state must be at most 128 letters and digits');

  const picked = q.get('sim_login');
  const choice = picked ? { userid: picked } : state.oauth.loginAs;
  if (!choice) {
    const members = [...state.org.users.values()].slice(0, 50);
    const links = members
      .map((u) => {
        const next = new URL(url);
        next.searchParams.set('sim_login', u.userid);
        return `<li><a href="${escapeHtml(next.pathname + next.search)}">${escapeHtml(u.name)} (${escapeHtml(u.userid)})</a></li>`;
      })
      .join('');
    return sendHtml(
      res,
      200,
      `<!doctype html><html><head><title>WeCom login (emulator)</title></head><body><h1>Choose who logs in</h1><ul>${links}</ul></body></html>`,
    );
  }
  const target = new URL(redirect);
  if (!('refuse' in choice)) {
    if ('userid' in choice && !state.org.user(choice.userid)) return errorPage(res, 60111, `no member ${choice.userid}`);
    target.searchParams.set('code', state.oauth.issueCode(choice, scope));
  }
  target.searchParams.set('state', stateParam);
  res.writeHead(302, { location: target.toString() });
  res.end();
}
