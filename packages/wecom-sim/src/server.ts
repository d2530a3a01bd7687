import { createServer, type Server, type ServerResponse } from 'node:http';
import { handleApi } from './api/dispatch.js';
import { handleControl } from './control.js';
import { sendJson } from '@jitkit/sim-kit';
import { handleLoginPage } from './oauth-pages.js';
import type { SimState } from './state.js';

/** The emulator's HTTP front: WeCom's API under /cgi-bin/, its login pages, and /__sim/ control. */
export function createSimServer(state: SimState): { server: Server; hung: Set<ServerResponse> } {
  const hung = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://sim.local');
    let work: Promise<void> | void;
    if (url.pathname.startsWith('/cgi-bin/'))
      work = handleApi(state, req, res, url.pathname.slice('/cgi-bin/'.length), url.searchParams, hung);
    else if (url.pathname.startsWith('/__sim/')) work = handleControl(state, req, res, url);
    else if (url.pathname === '/connect/oauth2/authorize' || url.pathname === '/wwlogin/sso/login')
      work = handleLoginPage(state, req, res, url);
    else work = sendJson(res, 404, { errcode: 404, errmsg: 'not found' });
    Promise.resolve(work).catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: (err as Error).message });
      else res.destroy();
    });
  });
  server.on('connection', () => state.connections++);
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  return { server, hung };
}
