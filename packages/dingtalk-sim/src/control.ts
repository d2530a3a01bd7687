import type { IncomingMessage, ServerResponse } from 'node:http';
import { basicControlHandlers, randomToken, readBody, sendJson } from '@jitkit/sim-kit';
import { DtError } from './errors.js';
import type { PushSettings } from './push.js';
import type { DtSimState } from './state.js';

type Json = Record<string, unknown>;
type Handler = (s: DtSimState, body: Json) => unknown | Promise<unknown>;

/** The org as it is, for tests that compare a sync with the source. */
export function snapshot(s: DtSimState) {
  return {
    departments: [...s.org.depts.values()].map((d) => ({ ...d, dept_manager_userid_list: [...d.dept_manager_userid_list] })),
    users: [...s.org.users.values()].map((u) => structuredClone(u)),
    roles: [...s.org.roles.values()].map((r) => ({ id: r.id, name: r.name, groupId: r.groupId, userids: [...r.userids] })),
  };
}

const handlers: Record<string, Handler> = {
  'GET info': (s) => ({
    corpId: s.settings.corpId,
    agentId: s.settings.agentId,
    departments: s.org.depts.size,
    users: s.org.users.size,
    roles: s.org.roles.size,
    version: s.org.version,
    now: s.clock.now(),
  }),
  'GET snapshot': (s) => snapshot(s),
  ...basicControlHandlers<DtSimState>(),
  'POST qps': (s, b) => {
    const qps = Number(b.qps);
    if (!(qps > 0)) throw new Error('qps must be positive');
    s.settings.qps = qps;
    return {};
  },
  'POST scope': (s, b) => {
    s.settings.scope = Array.isArray(b.depts) ? { depts: b.depts.map(Number) } : undefined;
    return {};
  },
  'POST fields': (s, b) => {
    s.settings.fields = { mobile: b.mobile !== false, email: b.email !== false };
    return {};
  },
  'POST token/revoke': (s) => {
    s.revokeAppToken();
    return {};
  },
  /** The admin console: one write API of DingTalk's with its own body; pushes the events it causes. */
  'POST org': (s, b) => {
    const { result, events } = s.org.apply(String(b.api), (b.body ?? {}) as Json);
    s.pusher.emit(events);
    s.stream.emit(events);
    return { result: result ?? null, events };
  },
  'GET stream': (s) => ({
    connections: s.stream.connections,
    opened: s.stream.opened,
    acks: s.stream.acks,
    pongs: s.stream.pongs.length,
    unacked: s.stream.unacked(),
  }),
  'POST stream/ping': (s) => (s.stream.ping(), {}),
  'POST stream/disconnect': (s) => (s.stream.disconnect(), {}),
  'POST stream/drop': (s) => (s.stream.drop(), {}),
  'POST stream/redeliver': (s, b) => ((s.stream.redeliverMs = Number(b.ms)), {}),
  'POST push': async (s, b) => {
    await s.pusher.configure(b.url ? (b as unknown as PushSettings) : null);
    return {};
  },
  'GET push/log': async (s) => {
    await s.pusher.idle();
    return { log: s.pusher.log };
  },
  'POST login/as': (s, b) => {
    s.loginAs = typeof b.userid === 'string' && b.userid ? s.org.user(b.userid).userid : undefined;
    return {};
  },
  /** A person signs in (what DingTalk's login page or dd.requestAuthCode would do): a one-time code for them. */
  'POST login/code': (s, b) => {
    const u = s.org.user(String(b.userid));
    const code = randomToken(32);
    s.codes.set(code, { userid: u.userid, expiresAt: s.clock.now() + 300_000, kind: b.kind === 'h5' ? 'h5' : 'web' });
    return { code };
  },
};

/** `/__sim/<path>`: the control API that tests, the demo and benchmarks drive the emulator with. */
export async function handleControl(state: DtSimState, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const handler = handlers[`${req.method} ${url.pathname.slice('/__sim/'.length)}`];
  if (!handler) return sendJson(res, 404, { error: `no control endpoint ${req.method} ${url.pathname}` });
  try {
    const text = await readBody(req);
    sendJson(res, 200, (await handler(state, text ? (JSON.parse(text) as Json) : {})) ?? {});
  } catch (err) {
    const e = err as Error;
    sendJson(res, 400, {
      error: err instanceof DtError ? `${err.errcode} ${err.errmsg}` : e.message,
      ...(err instanceof DtError ? { errcode: err.errcode } : {}),
    });
  }
}
