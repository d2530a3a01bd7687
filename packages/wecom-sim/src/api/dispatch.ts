import type { IncomingMessage, ServerResponse } from 'node:http';
import { errmsgWithHint, fault, WeComFault, WRONG_JSON } from '../errors.js';
import { clientIp, readBody, sendJson } from '@jitkit/sim-kit';
import type { SimApp, SimState } from '../state.js';
import type { Payload } from './context.js';
import { ROUTES } from './routes.js';

function gettoken(state: SimState, query: URLSearchParams): Payload {
  const corpid = query.get('corpid');
  const secret = query.get('corpsecret');
  if (!corpid) throw fault(41002);
  if (corpid !== state.options.corpId) throw fault(40013);
  if (!secret) throw fault(41004);
  const app = state.appBySecret(secret);
  if (!app) throw fault(40001);
  const { token, expiresIn } = state.tokens.issue(app);
  return { access_token: token, expires_in: expiresIn };
}

function parseBody(text: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  try {
    const v: unknown = JSON.parse(text);
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw fault(WRONG_JSON.errcode, WRONG_JSON.text);
}

/** Runs one WeCom API call: auth, limits, rules, payload. Returns the JSON body to send. */
async function answer(state: SimState, req: IncomingMessage, api: string, query: URLSearchParams, ip: string): Promise<Payload> {
  if (api === 'gettoken') {
    state.limits.hit(api, ip);
    return gettoken(state, query);
  }
  const route = ROUTES.get(api);
  if (!route) throw fault(40058, `api not found: ${api}`);
  if (route.method === 'POST' && req.method !== 'POST') throw fault(43002 as number, 'require POST method');
  const app: SimApp = state.tokens.check(query.get('access_token'));
  // getuserinfo with a valid code is exempt from the rate limits.
  if (!(api === 'auth/getuserinfo' && state.oauth.isValid(query.get('code')))) state.limits.hit(api, ip);
  const agent = state.agentSettings;
  if (app.kind === 'agent' && agent.createdAfter20220620 && agent.trustedIps && !agent.trustedIps.includes(ip)) throw fault(60020);
  if (route.contactsOnly && app.kind !== 'contacts') throw fault(48002);
  const body = req.method === 'POST' ? parseBody(await readBody(req)) : {};
  return route.handler({ state, app, actor: app.kind, query, body, ip });
}

function errorBody(err: unknown, ip: string): Payload {
  if (err instanceof WeComFault) return { errcode: err.errcode, errmsg: errmsgWithHint(err.errcode, ip, err.text) };
  return { errcode: -1, errmsg: errmsgWithHint(-1, ip) };
}

/**
 * Answers /cgi-bin/<api>: latency and injected faults first, then the call itself. Like WeCom,
 * every answer is HTTP 200 with {errcode, errmsg, ...payload}, errors included.
 */
export async function handleApi(
  state: SimState,
  req: IncomingMessage,
  res: ServerResponse,
  api: string,
  query: URLSearchParams,
  hung: Set<ServerResponse>,
): Promise<void> {
  const ip = clientIp(req);
  state.countCall(api);
  // A call is in flight from arrival to answer, latency included (45033 counts them).
  let leave: () => void;
  try {
    leave = state.limits.enter();
  } catch (err) {
    return sendJson(res, 200, errorBody(err, ip));
  }
  res.on('close', leave);
  const delay = state.faults.latencyFor(api);
  if (delay > 0) await new Promise((r) => setTimeout(r, delay));
  const injected = state.faults.take(api);
  switch (injected?.kind) {
    case 'hang':
      hung.add(res);
      res.on('close', () => hung.delete(res));
      return;
    case 'drop':
      req.socket.destroy();
      return;
    case 'http500':
      res.writeHead(500, { 'content-type': 'text/html' });
      res.end('<html><body><h1>500 Internal Server Error</h1></body></html>');
      return;
    case 'malformed':
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"errcode":0,"errmsg":"ok",<!-- upstream error -->');
      return;
    case 'errcode':
      sendJson(res, 200, { errcode: injected.errcode, errmsg: errmsgWithHint(injected.errcode!, ip) });
      return;
  }
  let body: Payload;
  try {
    const payload = await answer(state, req, api, query, ip);
    body = { errcode: 0, errmsg: 'ok', ...payload };
  } catch (err) {
    body = errorBody(err, ip);
  }
  if (injected?.kind === 'truncated') {
    const text = JSON.stringify(body);
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.write(text.slice(0, Math.max(1, Math.floor(text.length / 2))));
    setImmediate(() => req.socket.destroy());
    return;
  }
  sendJson(res, 200, body);
}
