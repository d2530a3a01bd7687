import axios from 'axios';
import { DWClient, EventAck, type DWClientDownStream } from 'dingtalk-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDingTalkSim, type DingTalkSim } from '@jitkit/dingtalk-sim';

const until = async (what: string, check: () => Promise<boolean>, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 40));
  }
};

// DingTalk's own npm client (dingtalk-stream 2.1.5), its code unchanged, against the emulator's
// gateway. It calls the fixed host api.dingtalk.com: its HTTP library is pointed at the
// emulator from outside, as DNS would (the WebSocket endpoint comes from the emulator's answer).
describe('the unmodified dingtalk-stream client against the emulator', () => {
  let sim: DingTalkSim;
  let client: DWClient;
  let interceptor: number;
  const received: DWClientDownStream[] = [];

  beforeAll(async () => {
    sim = await startDingTalkSim({ users: 20, depts: 3 });
    interceptor = axios.interceptors.request.use((config) => ({
      ...config,
      url: config.url?.replace('https://api.dingtalk.com', sim.url),
    }));
    client = new DWClient({ clientId: sim.appKey, clientSecret: sim.appSecret });
    client.registerAllEventListener((message) => {
      received.push(message);
      return { status: EventAck.SUCCESS };
    });
    await client.connect();
    await until('the connection', async () => (await sim.control.stream()).connections === 1);
  });
  afterAll(async () => {
    client?.disconnect();
    axios.interceptors.request.eject(interceptor);
    await sim?.close();
  });

  it('gets contact events as EVENT frames with the event headers, and ACKs them SUCCESS', async () => {
    const u = (await sim.control.snapshot()).users[1]!;
    await sim.control.org('v2/user/update', { userid: u.userid, title: '官方客户端' });
    await until('the ACK', async () => (await sim.control.stream()).acks.length === 1);
    expect(received[0]!.headers).toMatchObject({ eventType: 'user_modify_org', eventCorpId: sim.corpId, messageId: expect.any(String) });
    expect(JSON.parse(received[0]!.data)).toMatchObject({ userId: [u.userid] });
    expect((await sim.control.stream()).acks[0]).toMatchObject({ status: 'SUCCESS', attempts: 1 });
  });

  it("answers the gateway's ping exactly as the doc says (code 200, same headers and data)", async () => {
    await sim.control.streamPing();
    await until('the pong', async () => (await sim.control.stream()).pongs === 1);
  });
});
