import type { IncomingMessage, ServerResponse } from 'node:http';
import { errmsgWithHint, WeComFault } from './errors.js';
import { basicControlHandlers, readBody, sendJson } from '@jitkit/sim-kit';
import { mutateMembers } from './generator/mutate.js';
import { ROUTES } from './api/routes.js';
import type { SimState } from './state.js';

type Json = Record<string, unknown>;
type ControlHandler = (state: SimState, body: Json, url: URL) => unknown | Promise<unknown>;

/** Everything the org looks like, for tests that compare a sync with the source. */
function snapshot(state: SimState): Json {
  const org = state.org;
  return {
    departments: [...org.depts.values()].map((d) => ({ ...d, department_leader: org.leadersOf(d.id) })),
    users: [...org.users.values()],
    tags: [...org.tags.values()].map((t) => ({
      tagid: t.tagid,
      tagname: t.tagname,
      users: [...t.users].map((k) => org.users.get(k)?.userid ?? k),
      parties: [...t.parties],
    })),
  };
}

const handlers: Record<string, ControlHandler> = {
  'GET info': (s) => ({
    corpId: s.options.corpId,
    agentId: s.options.agentId,
    departments: s.org.depts.size,
    users: s.org.users.size,
    tags: s.org.tags.size,
    version: s.org.version,
    connections: s.connections,
    now: s.clock.now(),
    // What WeCom's admin console shows under 网页授权及JS-SDK / 可信域名 (no API reports it).
    trustedDomains: s.trustedDomains,
    // The emulator's own peak memory, for benchmarks at a million members.
    rssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
  ...basicControlHandlers<SimState>(),
  'GET stats': (s) => ({
    connections: s.connections,
    total: [...s.calls.values()].reduce((a, b) => a + b, 0),
    byApi: Object.fromEntries(s.calls),
  }),
  'POST tokens/revoke': (s) => ({ revoked: s.tokens.revokeAll() }),
  'POST limits': (s, b) => {
    s.limits.settings = { ...s.limits.settings, ...(b as object) };
    return s.limits.settings;
  },
  'POST limits/reset': (s) => {
    s.limits.reset();
    return {};
  },
  'POST app': (s, b) => {
    s.configureAgent(b);
    return s.agentSettings;
  },
  'POST callback': (s, b) => {
    const token = (b.token as string | undefined) ?? s.options.callbackToken;
    const encodingAESKey = (b.encodingAESKey as string | undefined) ?? s.options.encodingAESKey;
    if (typeof b.url !== 'string' || !token || !encodingAESKey) throw new Error('callback needs url, token and encodingAESKey');
    s.callbacks.configure({ ...(b as object), url: b.url, token, encodingAESKey });
    return {};
  },
  'DELETE callback': (s) => {
    s.callbacks.configure(undefined);
    return {};
  },
  'POST callback/drain': async (s) => {
    await s.callbacks.idle();
    const all = s.callbacks.deliveries();
    return { delivered: all.filter((d) => d.status === 'delivered').length, failed: all.filter((d) => d.status === 'failed').length };
  },
  'GET callback/deliveries': (s) => ({ deliveries: s.callbacks.deliveries() }),
  'POST oauth/login-as': (s, b) => {
    s.oauth.loginAs = Object.keys(b).length ? (b as never) : undefined;
    return {};
  },
  'POST oauth/code': (s, b) => ({
    code: s.oauth.issueCode(b as { userid: string }, typeof b.scope === 'string' ? b.scope : 'snsapi_base'),
  }),
  'GET org/snapshot': (s) => snapshot(s),
  'POST org/mutate': (s, b) => mutateMembers(s.org, { share: Number(b.share ?? 0.01), seed: Number(b.seed ?? 1) }),
};

/**
 * The control API under /__sim/: faults, latency, clock, limits, callbacks, OAuth and org
 * changes made "in the WeCom console" (POST /__sim/org/<write api>, e.g. org/user/update).
 */
export async function handleControl(state: SimState, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const path = url.pathname.slice('/__sim/'.length);
  try {
    const text = req.method === 'POST' ? await readBody(req) : '';
    const body = (text ? JSON.parse(text) : {}) as Json;
    const orgApi = path.startsWith('org/') ? ROUTES.get(path.slice(4)) : undefined;
    if (orgApi && req.method === 'POST') {
      try {
        const payload = await orgApi.handler({
          state,
          actor: 'console',
          query: new URLSearchParams(body as Record<string, string>),
          body,
          ip: '127.0.0.1',
        });
        return sendJson(res, 200, { errcode: 0, errmsg: 'ok', ...payload });
      } catch (err) {
        if (err instanceof WeComFault)
          return sendJson(res, 200, { errcode: err.errcode, errmsg: errmsgWithHint(err.errcode, '127.0.0.1', err.text) });
        throw err;
      }
    }
    const handler = handlers[`${req.method} ${path}`];
    if (!handler) return sendJson(res, 404, { error: `no control endpoint ${req.method} /__sim/${path}` });
    sendJson(res, 200, (await handler(state, body, url)) ?? {});
  } catch (err) {
    sendJson(res, 400, { error: (err as Error).message });
  }
}
