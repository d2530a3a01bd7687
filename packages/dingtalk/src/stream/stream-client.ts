import { hostname, networkInterfaces } from 'node:os';
import { revealSecret, type Logger, type Secret } from '@jitkit/core';
import WebSocket from 'ws';
import type { DingTalkClient } from '../client.js';
import { parseEvent, type DingTalkEvent } from '../callback/events.js';

/** A Stream frame as the gateway sends it. */
export interface StreamFrame {
  specVersion?: string;
  type: 'SYSTEM' | 'EVENT' | 'CALLBACK' | string;
  headers: Record<string, string | undefined> & { messageId?: string; topic?: string };
  data: string;
}

export interface DingTalkStreamOptions {
  client: DingTalkClient;
  appSecret: string | Secret;
  /**
   * Called for each EVENT; the ACK (`SUCCESS`) is sent only after it resolves, so an event is
   * acknowledged once it is safe (durably queued). A rejection answers `LATER`: DingTalk delivers
   * it again.
   */
  onEvent(event: DingTalkEvent, frame: StreamFrame): Promise<void>;
  /** First reconnect delay; doubles per failure up to maxReconnectMs (with jitter). */
  reconnectMs?: number;
  maxReconnectMs?: number;
  logger?: Logger;
}

const localIp = () =>
  Object.values(networkInterfaces())
    .flat()
    .find((i) => i && i.family === 'IPv4' && !i.internal)?.address ?? '127.0.0.1';

/**
 * DingTalk Stream mode: an outbound WebSocket to the gateway (so no public URL is needed).
 * Opens with `v1.0/gateway/connections/open`, answers pings, ACKs events after `onEvent`
 * resolved, and reconnects with backoff when the gateway says `disconnect` or the socket drops.
 */
export class DingTalkStream {
  private socket?: WebSocket;
  private stopped = true;
  private failures = 0;
  private timer?: NodeJS.Timeout;
  connected = false;
  /** Connections made so far (reconnects included). */
  connections = 0;

  constructor(private readonly options: DingTalkStreamOptions) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    void this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    const s = this.socket;
    this.socket = undefined;
    if (s && s.readyState !== WebSocket.CLOSED) await new Promise<void>((resolve) => (s.once('close', () => resolve()), s.close()));
    this.connected = false;
  }

  private async connect(): Promise<void> {
    const { client, logger } = this.options;
    try {
      const { endpoint, ticket } = await client.v1<{ endpoint: string; ticket: string }>(
        'POST',
        'gateway/connections/open',
        {
          clientId: client.appKey,
          clientSecret: revealSecret(this.options.appSecret),
          subscriptions: [{ type: 'EVENT', topic: '*' }],
          ua: `jitkit/${hostname()}`,
          localIp: localIp(),
        },
        { auth: 'none', idempotent: true },
      );
      if (this.stopped) return;
      const socket = new WebSocket(`${endpoint}?ticket=${encodeURIComponent(ticket)}`);
      this.socket = socket;
      socket.on('open', () => {
        this.connected = true;
        this.connections++;
        this.failures = 0;
        logger?.info('DingTalk Stream connected');
      });
      socket.on('message', (data) => void this.onFrame(socket, String(data)));
      socket.on('close', () => this.dropped(socket, 'closed'));
      socket.on('error', (err) => {
        logger?.warn('DingTalk Stream socket error', { error: err.message });
        socket.terminate();
      });
    } catch (err) {
      logger?.warn('DingTalk Stream could not open a connection', { error: err instanceof Error ? err.message : String(err) });
      this.scheduleReconnect();
    }
  }

  private dropped(socket: WebSocket, why: string): void {
    if (socket !== this.socket) return;
    this.connected = false;
    this.socket = undefined;
    if (!this.stopped) {
      this.options.logger?.warn('DingTalk Stream connection lost; reconnecting', { why });
      this.scheduleReconnect();
    }
  }

  private scheduleReconnect(): void {
    if (this.stopped) return;
    const base = this.options.reconnectMs ?? 1_000;
    const delay = Math.min(this.options.maxReconnectMs ?? 60_000, base * 2 ** Math.min(this.failures++, 10));
    this.timer = setTimeout(() => void this.connect(), Math.round(delay * (0.8 + Math.random() * 0.4)));
    this.timer.unref();
  }

  private send(socket: WebSocket, body: unknown): void {
    if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(body));
  }

  private async onFrame(socket: WebSocket, text: string): Promise<void> {
    let frame: StreamFrame;
    try {
      frame = JSON.parse(text) as StreamFrame;
    } catch {
      this.options.logger?.warn('DingTalk Stream sent a frame that is not JSON');
      return;
    }
    const headers = frame.headers ?? {};
    if (frame.type === 'SYSTEM') {
      if (headers.topic === 'ping') this.send(socket, { code: 200, headers, message: 'OK', data: frame.data });
      if (headers.topic === 'disconnect') socket.close();
      return;
    }
    if (frame.type !== 'EVENT') return;
    let status: 'SUCCESS' | 'LATER' = 'SUCCESS';
    try {
      const event = parseEvent(frame.data ? (JSON.parse(frame.data) as Record<string, unknown>) : {}, {
        eventType: headers.eventType,
        eventId: headers.eventId,
        eventCorpId: headers.eventCorpId,
        eventBornTime: headers.eventBornTime,
      });
      await this.options.onEvent(event, frame);
    } catch (err) {
      status = 'LATER';
      this.options.logger?.warn('a DingTalk Stream event could not be taken; asking for it again later', {
        error: err instanceof Error ? err.message : String(err),
        eventId: headers.eventId,
      });
    }
    this.send(socket, {
      code: 200,
      headers: { contentType: 'application/json', messageId: headers.messageId },
      message: 'OK',
      data: JSON.stringify({ status }),
    });
  }
}
