import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { controlRequest } from '@jitkit/sim-kit';

// A server that drops the first `drops` requests' sockets without answering (as an emulator
// closing an idle keep-alive socket does to the request sent on it), then answers each with JSON.
function flakyServer(drops: number): Promise<{ url: string; seen: () => number; close: () => void }> {
  let seen = 0;
  const server = net.createServer((socket) => {
    socket.once('data', () => {
      if (++seen <= drops) return socket.destroy();
      const body = JSON.stringify({ ok: true, seen });
      socket.end(`HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`);
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      resolve({ url: `http://127.0.0.1:${port}`, seen: () => seen, close: () => server.close() });
    }),
  );
}

describe('controlRequest', () => {
  let close: (() => void) | undefined;
  afterEach(() => close?.());

  it('sends a read again when its socket closed before any answer', async () => {
    const s = await flakyServer(2);
    close = s.close;
    const r = await controlRequest<{ ok: boolean; seen: number }>({ baseUrl: s.url, label: 'test control', method: 'GET', path: 'info' });
    expect(r).toEqual({ ok: true, seen: 3 });
  });

  it('sends a setting again, but not a change that may already have run', async () => {
    const s = await flakyServer(1);
    close = s.close;
    await expect(
      controlRequest({ baseUrl: s.url, label: 'test control', method: 'POST', path: 'latency', body: { ms: 5 }, idempotent: true }),
    ).resolves.toEqual({ ok: true, seen: 2 });
    const t = await flakyServer(1);
    close = () => (s.close(), t.close());
    await expect(controlRequest({ baseUrl: t.url, label: 'test control', method: 'POST', path: 'org/mutate', body: {} })).rejects.toThrow(
      /^test control POST org\/mutate: /,
    );
    expect(t.seen()).toBe(1);
  });

  it('gives up after three closed sockets, naming the call', async () => {
    const s = await flakyServer(5);
    close = s.close;
    await expect(controlRequest({ baseUrl: s.url, label: 'test control', method: 'GET', path: 'stats' })).rejects.toThrow(
      /test control GET stats/,
    );
    expect(s.seen()).toBe(3);
  });
});
