import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, sendJson, type FaultRule } from '@jitkit/sim-kit';
import { DtError, legacyError, requestId } from './errors.js';
import { LEGACY_READS } from './legacy-api.js';
import type { DtSimState } from './state.js';
import { V1_ROUTES } from './v1-api.js';

type Reply = { status: number; body: unknown };

/** A fault instead of the proper answer; true when it took over the response. */
async function injectFault(rule: FaultRule | undefined, res: ServerResponse): Promise<Reply | 'handled' | undefined> {
  if (!rule) return undefined;
  switch (rule.kind) {
    case 'errcode':
      return { status: 200, body: legacyError(new DtError(rule.errcode!, 'injected')) };
    case 'http500':
      return { status: 500, body: { code: 'ServiceUnavailable', message: 'injected' } };
    case 'hang':
      return new Promise<'handled'>(() => undefined); // never answers: the client's timeout must end it
    case 'drop':
      res.socket?.destroy();
      return 'handled';
    case 'malformed':
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"errcode":0,"result":');
      return 'handled';
    case 'truncated':
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      res.end('{"errcode":0');
      return 'handled';
  }
}

function legacy(state: DtSimState, api: string, url: URL, body: Record<string, unknown>): Reply {
  if (api === 'gettoken') {
    const key = url.searchParams.get('appkey');
    const secret = url.searchParams.get('appsecret');
    if (!key || !secret) return { status: 200, body: { errcode: 40035, errmsg: '缺少参数' } };
    if (key !== state.settings.appKey || secret !== state.settings.appSecret)
      return { status: 200, body: { errcode: 40096, errmsg: '不合法的appKey或appSecret' } };
    const t = state.issueAppToken();
    return { status: 200, body: { errcode: 0, errmsg: 'ok', access_token: t.token, expires_in: t.expiresIn } };
  }
  const handler = LEGACY_READS[api];
  if (!handler) throw new DtError(22, `Invalid method[submsg=不合法ApiName，ApiName = dingtalk.oapi.${api.replaceAll('/', '.')}]`);
  const tokenState = state.checkAppToken(url.searchParams.get('access_token'));
  if (tokenState === 40000) throw new DtError(40000, 'access_token is blank');
  if (tokenState === 40014) throw new DtError(40014, '不合法的access_token');
  if (tokenState === 42001) throw new DtError(42001, 'access_token超时');
  if (!state.takeQps(api)) throw new DtError(90018, '当前应用调用该接口的QPS已达上限');
  const result = handler(state, body) as Record<string, unknown>;
  return { status: 200, body: { errcode: 0, errmsg: 'ok', ...result, request_id: requestId() } };
}

/** Routes a request to the legacy family (`/gettoken`, `/topapi/…`) or the v1.0 family (`/v1.0/…`). */
export async function dispatchApi(state: DtSimState, req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
  const path = url.pathname;
  const isLegacy = path === '/gettoken' || path.startsWith('/topapi/');
  const v1 = path.startsWith('/v1.0/') ? `${req.method} ${path.slice('/v1.0/'.length)}` : undefined;
  if (!isLegacy && !v1) return false;
  const api = isLegacy ? (path === '/gettoken' ? 'gettoken' : path.slice('/topapi/'.length)) : `v1.0/${path.slice('/v1.0/'.length)}`;
  state.calls.set(api, (state.calls.get(api) ?? 0) + 1);
  const latency = state.faults.latencyFor(api);
  if (latency) await new Promise((r) => setTimeout(r, latency));
  const text = await readBody(req);
  const fault = await injectFault(state.faults.take(api), res);
  if (fault === 'handled') return true;
  let reply: Reply | undefined = fault;
  if (!reply) {
    let body: Record<string, unknown> = {};
    try {
      body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      reply = isLegacy
        ? { status: 200, body: { errcode: 40035, errmsg: '不合法的参数', request_id: requestId() } }
        : { status: 400, body: { code: 'InvalidParameter', message: 'body is not JSON', requestid: requestId() } };
    }
    if (!reply) {
      try {
        if (isLegacy) reply = legacy(state, api, url, body);
        else {
          const route = V1_ROUTES[v1!];
          reply = route
            ? await route(state, body, req)
            : { status: 404, body: { code: 'InvalidAction.NotFound', message: `no API ${path}`, requestid: requestId() } };
        }
      } catch (err) {
        if (!(err instanceof DtError)) throw err;
        reply = { status: 200, body: legacyError(err) };
      }
    }
  }
  sendJson(res, reply.status, reply.body);
  return true;
}
