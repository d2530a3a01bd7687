import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { WeComClient } from '@jitkit/wecom';
import { rejection } from './helpers/sim.js';

// The emulator never answers out of spec, so this server does: a real HTTP server on loopback
// that answers gettoken properly and one API with a payload WeCom would not send.
let payload: unknown;
let server: Server;
let base: string;

afterAll(() => new Promise((r) => server.close(r)));

async function start(): Promise<void> {
  server = createServer((req, res) => {
    const body = req.url!.startsWith('/cgi-bin/gettoken')
      ? { errcode: 0, errmsg: 'ok', access_token: 'T'.repeat(64), expires_in: 7200 }
      : payload;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(body));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('every answer is checked before use', () => {
  it('a mistyped member field names the API and the field', async () => {
    await start();
    const c = new WeComClient({ corpId: 'ww1', secret: 'validation-secret-123', baseUrl: base });
    payload = {
      errcode: 0,
      errmsg: 'ok',
      userlist: [
        { userid: 'a', name: 'A', department: [1] },
        { userid: 'b', name: 'B', department: '2' },
      ],
    };
    const err = await rejection(c.users.list(1));
    expect(err).toMatchObject({ code: 'WECOM_PROTOCOL', details: { api: 'user/list', field: '/userlist/1/department' } });
    expect(err.message).toBe('WeCom user/list: unexpected answer: field /userlist/1/department must be array');

    payload = { errcode: 0, errmsg: 'ok', department: [{ id: 1, parentid: 0 }] };
    expect((await rejection(c.departments.list())).message).toBe(
      'WeCom department/list: unexpected answer: field /department/0/name is missing',
    );

    payload = { errmsg: 'ok' };
    expect((await rejection(c.tags.list())).message).toBe('WeCom tag/list: unexpected answer: field /errcode is missing');

    payload = { errcode: 0, errmsg: 'ok', userid: 'x', name: 'X', department: [1], status: '1' };
    expect(await rejection(c.users.get('x'))).toMatchObject({ details: { field: '/status' } });
    await c.close();
  });
});
