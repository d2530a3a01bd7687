import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomToken, sendJson } from '@jitkit/sim-kit';
import { handleControl } from './control.js';
import { handleLoginPage } from './login-page.js';
import { DtSimControl } from './control-client.js';
import { dispatchApi } from './dispatch.js';
import { DtSimState } from './state.js';

export interface DingTalkSimOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  corpId?: string;
  agentId?: string;
  appKey?: string;
  appSecret?: string;
  /** Size of the generated org. */
  users?: number;
  depts?: number;
  roles?: number;
  seed?: number;
  /** The event subscription's Token and aes_key. */
  token?: string;
  aesKey?: string;
  /** Calls per second per API before 90018 (default DingTalk's 20). */
  qps?: number;
  scope?: { depts: number[] };
  fields?: { mobile?: boolean; email?: boolean };
  tokenLifetimeSeconds?: number;
  /** People to staff the org with first (name and mobile): the same persons as in another organisation. */
  people?: { name: string; mobile: string }[];
}

export interface DingTalkSim {
  url: string;
  corpId: string;
  agentId: string;
  appKey: string;
  appSecret: string;
  token: string;
  aesKey: string;
  control: DtSimControl;
  /** The emulator's state, for tests in the same process. */
  state: DtSimState;
  close(): Promise<void>;
}

/** Starts a DingTalk emulator on loopback: one port for the legacy family, v1.0 and the control API. */
export async function startDingTalkSim(options: DingTalkSimOptions = {}): Promise<DingTalkSim> {
  const state = new DtSimState(
    {
      corpId: options.corpId ?? `ding${randomToken(16).toLowerCase()}`,
      agentId: options.agentId ?? String(3_000_000_000 + Math.floor(Math.random() * 999_999_999)),
      appKey: options.appKey ?? `ding${randomToken(16).toLowerCase()}`,
      appSecret: options.appSecret ?? randomToken(64),
      token: options.token ?? randomToken(24),
      aesKey: options.aesKey ?? randomToken(43),
      qps: options.qps ?? 20,
      scope: options.scope,
      fields: { mobile: options.fields?.mobile !== false, email: options.fields?.email !== false },
      tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 7200,
    },
    { users: options.users ?? 50, depts: options.depts ?? 8, roles: options.roles, seed: options.seed, people: options.people },
  );
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://sim');
    if (url.pathname === '/oauth2/auth' && req.method === 'GET') return handleLoginPage(state, req, res, url);
    const handle = url.pathname.startsWith('/__sim/')
      ? handleControl(state, req, res, url)
      : dispatchApi(state, req, res, url).then((served) => {
          if (!served) sendJson(res, 404, { errcode: 22, errmsg: `no API ${url.pathname}` });
        });
    handle.catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: err instanceof Error ? err.message : String(err) });
    });
  });
  server.on('upgrade', (req, socket, head) => state.stream.upgrade(req, socket, head));
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://${options.host ?? '127.0.0.1'}:${port}`;
  state.baseUrl = url;
  const s = state.settings;
  return {
    url,
    corpId: s.corpId,
    agentId: s.agentId,
    appKey: s.appKey,
    appSecret: s.appSecret,
    token: s.token,
    aesKey: s.aesKey,
    control: new DtSimControl(url),
    state,
    close: () =>
      new Promise<void>((resolve) => {
        state.stream.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
