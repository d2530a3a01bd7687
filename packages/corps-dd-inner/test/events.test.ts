import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryLogger } from '@jitkit/core';
import { DingTalkCrypto } from '@jitkit/dingtalk';
import { availability } from '@jitkit/testing';
import { ddFixture, type DDFixture } from './helpers.js';

const until = async (what: string, check: () => Promise<boolean>, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 40));
  }
};

describe.skipIf(!availability('sqlite').available)('DingTalk events, HTTP push mode', () => {
  let f: DDFixture;
  let fastify: FastifyInstance;
  let url: string;

  beforeAll(async () => {
    f = await ddFixture('sqlite', { users: 40, depts: 6, seed: 3 });
    await f.corp.initCorp();
    fastify = Fastify();
    const routes = f.corp.routes({
      name: 'TestDDCorp',
      logger: new MemoryLogger('warn'),
      replayWindowSeconds: 300,
      bodyLimit: 1_000_000,
      realtime: { pollMs: 50 },
    });
    await fastify.register(async (scope) => routes.plugin(scope));
    await fastify.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(fastify.server.address() as AddressInfo).port}/dingtalk/callback/TestDDCorp`;
    routes.start?.();
  });
  afterAll(async () => {
    await fastify?.close();
    await f?.close();
  });

  it('passes check_url, then applies pushed changes in the background as event runs', async () => {
    await f.sim.control.setPush({ url });
    const u = (await f.sim.control.snapshot()).users[4]!;
    await f.sim.control.org('v2/user/update', { userid: u.userid, title: '推送测试' });
    await until('the pushed change', async () => (await f.corp.getMember(u.userid))?.position === '推送测试');
    expect((await f.sim.control.pushLog()).every((l) => l.status === 'delivered')).toBe(true);
    const runs = await f.corp.listSyncRuns(5);
    expect(runs[0]).toMatchObject({ kind: 'event', status: 'succeeded' });
  });

  it('refuses a forged push (403), a stale one, and takes a replay for nothing', async () => {
    const crypto = new DingTalkCrypto({ token: f.sim.token, aesKey: f.sim.aesKey, ownerKey: f.sim.appKey });
    const send = (q: Record<string, string>, body: unknown) =>
      fetch(`${url}?${new URLSearchParams(q)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const encrypt = crypto.encrypt(
      JSON.stringify({ EventType: 'user_modify_org', CorpId: f.sim.corpId, TimeStamp: String(Date.now()), UserId: ['nobody'] }),
    );
    const ts = String(Date.now());
    const good = { msg_signature: crypto.signature(ts, 'n1', encrypt), timestamp: ts, nonce: 'n1' };
    expect((await send({ ...good, msg_signature: 'f'.repeat(40) }, { encrypt })).status).toBe(403);
    const old = String(Date.now() - 3_600_000);
    expect((await send({ msg_signature: crypto.signature(old, 'n1', encrypt), timestamp: old, nonce: 'n1' }, { encrypt })).status).toBe(
      403,
    );
    const first = await send(good, { encrypt });
    expect(first.status).toBe(200);
    const reply = (await first.json()) as { msg_signature: string; timeStamp: string; nonce: string; encrypt: string };
    expect(crypto.decrypt({ signature: reply.msg_signature, timestamp: reply.timeStamp, nonce: reply.nonce, encrypt: reply.encrypt })).toBe(
      'success',
    );
    expect((await f.corp.receivePush(good, { encrypt })).status).toBe('replay');
    const otherOwner = new DingTalkCrypto({ token: f.sim.token, aesKey: f.sim.aesKey, ownerKey: 'dingsomeoneelse' }).encrypt(
      '{"EventType":"user_add_org"}',
    );
    expect(
      (await send({ msg_signature: crypto.signature(ts, 'n2', otherOwner), timestamp: ts, nonce: 'n2' }, { encrypt: otherOwner })).status,
    ).toBe(403);
  });
});

describe.skipIf(!availability('sqlite').available)('DingTalk events, Stream mode', () => {
  let f: DDFixture;

  beforeAll(async () => {
    f = await ddFixture('sqlite', { users: 40, depts: 6, seed: 4 }, { DD_EVENT_MODE: 'stream' });
    await f.corp.initCorp();
    const routes = f.corp.routes({
      name: 'TestDDCorp',
      logger: new MemoryLogger('warn'),
      replayWindowSeconds: 300,
      bodyLimit: 1_000_000,
      realtime: { pollMs: 50 },
    });
    routes.start?.();
    await until('the Stream connection', async () => (await f.sim.control.stream()).connections === 1);
  });
  afterAll(() => f?.close());

  it('receives events over the gateway, ACKs them after queueing, and applies them', async () => {
    const snap = await f.sim.control.snapshot();
    await f.sim.control.org('v2/user/update', { userid: snap.users[2]!.userid, title: '流式' });
    await f.sim.control.org('v2/department/create', { name: '流式部门', parent_id: 1 });
    await until('the streamed change', async () => (await f.corp.getMember(snap.users[2]!.userid))?.position === '流式');
    await until('the new department', async () => (await f.corp.getLocalCorpData()).deptList.some((d) => d.name === '流式部门'));
    const s = await f.sim.control.stream();
    expect(s.acks.map((a) => a.status)).toEqual(['SUCCESS', 'SUCCESS']);
    expect(s.unacked).toBe(0);
  });

  it('echoes pings, and reconnects when the gateway says disconnect or the socket drops', async () => {
    await f.sim.control.streamPing();
    await until('the pong', async () => (await f.sim.control.stream()).pongs === 1);
    const opened = (await f.sim.control.stream()).opened;
    await f.sim.control.streamDisconnect();
    await until('a reconnect after disconnect', async () => {
      const s = await f.sim.control.stream();
      return s.opened === opened + 1 && s.connections === 1;
    });
    await f.sim.control.streamDrop();
    await until('a reconnect after a drop', async () => {
      const s = await f.sim.control.stream();
      return s.opened === opened + 2 && s.connections === 1;
    });
    const u = (await f.sim.control.snapshot()).users[6]!;
    await f.sim.control.org('v2/user/update', { userid: u.userid, title: '重连后' });
    await until('a change after reconnecting', async () => (await f.corp.getMember(u.userid))?.position === '重连后');
  });
});
