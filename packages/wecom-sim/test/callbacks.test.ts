import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decrypt, getSignature } from '@wecom/crypto';
import { describe, expect, it } from 'vitest';
import { sim } from './helpers.js';

/** A receiver that answers with the given statuses in turn (then 200), recording decrypted events. */
async function receiver(statuses: number[], s: { token: string; encodingAESKey: string; corpId: string }) {
  const got: { changeType: string; valid: boolean }[] = [];
  let n = 0;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const q = new URL(req.url!, 'http://x').searchParams;
      const encrypted = /<Encrypt><!\[CDATA\[(.*?)\]\]><\/Encrypt>/.exec(body)![1]!;
      const valid = getSignature(s.token, q.get('timestamp')!, q.get('nonce')!, encrypted) === q.get('msg_signature');
      const { message, id } = decrypt(s.encodingAESKey, encrypted);
      got.push({ changeType: /<ChangeType><!\[CDATA\[(.*?)\]\]>/.exec(message)![1]!, valid: valid && id === s.corpId });
      res.statusCode = statuses[n++] ?? 200;
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/cb`, got, close: () => new Promise((r) => server.close(r)) };
}

describe('callback delivery', () => {
  it('signs and encrypts every event for the corp', async () => {
    const s = await sim({ users: 5 });
    const rx = await receiver([], s);
    await s.control.setCallback({ url: rx.url });
    await s.control.org('department/create', { name: 'Signed', parentid: 1 });
    await s.control.drainCallbacks();
    expect(rx.got).toEqual([{ changeType: 'create_party', valid: true }]);
    await rx.close();
  });

  it('retries a failed delivery, 3 tries in all, then gives up', async () => {
    const s = await sim({ users: 5 });
    const rx = await receiver([500, 503, 500, 500, 500, 200], s);
    await s.control.setCallback({ url: rx.url, retryDelayMs: 10, concurrency: 1 });
    await s.control.org('department/create', { name: 'Third time', parentid: 1 });
    await s.control.org('department/create', { name: 'Never', parentid: 1 });
    expect(await s.control.drainCallbacks()).toEqual({ delivered: 1, failed: 1 });
    expect(rx.got).toHaveLength(6);
    const deliveries = await s.control.deliveries();
    expect(deliveries.map((d) => [d.status, d.attempts, d.lastError])).toEqual([
      ['failed', 3, 'HTTP 500'],
      ['delivered', 3, 'HTTP 500'],
    ]);
    await rx.close();
  });

  it('gives up on a try the app does not answer within timeoutMs, and tries again', async () => {
    const s = await sim({ users: 5 });
    let tries = 0;
    const server = createServer((req) => {
      tries++;
      req.resume(); // read, never answered
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/cb`;
    await s.control.setCallback({ url, timeoutMs: 100, retryDelayMs: 10 });
    await s.control.org('department/create', { name: 'Unanswered', parentid: 1 });
    expect(await s.control.drainCallbacks()).toEqual({ delivered: 0, failed: 1 });
    const [d] = await s.control.deliveries();
    expect([d!.status, d!.attempts, d!.lastError]).toEqual(['failed', 3, 'no answer within 100 ms']);
    expect(tries).toBe(3);
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('delivers several events at once, as WeCom does: 8 in flight by default, or as set', async () => {
    const s = await sim({ users: 40 });
    let inFlight = 0;
    let most = 0;
    let answered = 0;
    const server = createServer((req, res) => {
      most = Math.max(most, ++inFlight);
      req.resume();
      req.on('end', () =>
        setTimeout(() => {
          inFlight--;
          answered++;
          res.end();
        }, 60),
      );
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/cb`;
    const users = [...s.state.org.users.values()].slice(1, 31);
    const burst = async (tag: string) => {
      most = 0;
      await Promise.all(users.map((u) => s.control.org('user/update', { userid: u.userid, position: tag })));
      return s.control.drainCallbacks();
    };
    await s.control.setCallback({ url });
    expect(await burst('a')).toMatchObject({ failed: 0 });
    expect(most).toBe(8);
    await s.control.setCallback({ url, concurrency: 3 });
    await burst('b');
    expect(most).toBe(3);
    expect(answered).toBe(60);
    await new Promise((r) => server.close(r));
  });

  it('can reorder and duplicate events, for tests of receivers', async () => {
    const s = await sim({ users: 30 });
    const rx = await receiver([], s);
    await s.control.setCallback({ url: rx.url, reorder: true, duplicates: 0.5 });
    const users = [...s.state.org.users.values()].slice(1, 21);
    await Promise.all(users.map((u, i) => s.control.org('user/update', { userid: u.userid, position: `P${i}` })));
    await s.control.drainCallbacks();
    expect(rx.got.length).toBeGreaterThan(20);
    const deliveries = await s.control.deliveries();
    const order = deliveries.filter((d) => d.status === 'delivered').map((d) => d.seq);
    expect(order.length).toBe(rx.got.length);
  });

  it("sends nothing for changes outside the app's visible range", async () => {
    const s = await sim({ users: 20, depts: 6 });
    const snap = await s.control.snapshot();
    const visibleTop = snap.departments.find((d) => d.parentid === 1)!;
    const other = snap.departments.find((d) => d.parentid === 1 && d.id !== visibleTop.id)!;
    await s.control.configureApp({ visibleRange: { departments: [visibleTop.id] } });
    const rx = await receiver([], s);
    await s.control.setCallback({ url: rx.url });
    await s.control.org('department/create', { name: 'Hidden child', parentid: other.id });
    await s.control.org('department/create', { name: 'Seen child', parentid: visibleTop.id });
    await s.control.drainCallbacks();
    expect(rx.got).toEqual([{ changeType: 'create_party', valid: true }]);
    await rx.close();
  });
});
