import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { randomToken } from '@jitkit/sim-kit';
import { WebSocketServer, type WebSocket } from 'ws';
import type { OrgEvent } from './org.js';
import type { DtSimState } from './state.js';

interface Pending {
  frame: Record<string, unknown>;
  attempts: number;
  timer?: NodeJS.Timeout;
}

export interface AckRecord {
  eventId: string;
  eventType: string;
  status: string;
  attempts: number;
}

/**
 * Stream mode's gateway: `v1.0/gateway/connections/open` hands out a ticket, the app connects a
 * WebSocket to `/connect?ticket=…`, and each contact change goes to one of its connections as an
 * EVENT frame (camelCase data, event* headers). An event not ACKed with SUCCESS within
 * `redeliverMs` (or ACKed LATER) is delivered again. Pings and `disconnect` can be sent on demand.
 */
export class StreamGateway {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly tickets = new Map<string, number>();
  private readonly sockets = new Set<WebSocket>();
  private readonly pending = new Map<string, Pending>();
  private next = 0;
  redeliverMs = 60_000;
  readonly acks: AckRecord[] = [];
  readonly pongs: unknown[] = [];
  opened = 0;

  constructor(private readonly state: DtSimState) {}

  /** The connections/open call: a ticket for one WebSocket, valid for 5 minutes. */
  open(body: Record<string, unknown>, baseUrl: string): { status: number; body: unknown } {
    const s = this.state.settings;
    if (body.clientId !== s.appKey || body.clientSecret !== s.appSecret)
      return { status: 400, body: { code: 'invalidClientIdOrSecret', message: '无效的clientId或者clientSecret' } };
    const ticket = randomToken(36);
    this.tickets.set(ticket, this.state.clock.now() + 300_000);
    return { status: 200, body: { endpoint: `${baseUrl.replace(/^http/, 'ws')}/connect`, ticket } };
  }

  get connections(): number {
    return this.sockets.size;
  }

  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://sim');
    const ticket = url.searchParams.get('ticket') ?? '';
    const expires = this.tickets.get(ticket);
    if (url.pathname !== '/connect' || !expires || expires < this.state.clock.now()) {
      socket.end('HTTP/1.1 401 Unauthorized\r\n\r\n');
      return;
    }
    this.tickets.delete(ticket);
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      this.opened++;
      this.sockets.add(ws);
      ws.on('close', () => this.sockets.delete(ws));
      ws.on('message', (data) => this.onReply(String(data)));
      this.sendTo(ws, this.frame('SYSTEM', { topic: 'CONNECTED' }, '{}'));
      this.sendTo(ws, this.frame('SYSTEM', { topic: 'REGISTERED' }, '{}'));
      for (const p of this.pending.values()) this.sendTo(ws, p.frame);
    });
  }

  private frame(type: string, headers: Record<string, unknown>, data: string): Record<string, unknown> {
    return {
      specVersion: '1.0',
      type,
      headers: {
        appId: this.state.settings.appKey,
        connectionId: 'sim',
        contentType: 'application/json',
        messageId: `msg-${++this.next}`,
        time: String(this.state.clock.now()),
        ...headers,
      },
      data,
    };
  }

  private sendTo(ws: WebSocket, frame: Record<string, unknown>): void {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
  }

  /** Each change as one EVENT frame to one connection (the first), tracked until ACKed. */
  emit(events: OrgEvent[]): void {
    if (this.sockets.size === 0) return;
    for (const e of events) {
      const data = e.type.startsWith('org_dept_')
        ? { deptId: e.deptIds ?? [] }
        : e.type === 'label_user_change'
          ? { userIdList: e.userIds ?? [], labelIdList: [], action: 'add' }
          : { timeStamp: this.state.clock.now(), userId: e.userIds ?? [] };
      const eventId = randomToken(32);
      const frame = this.frame(
        'EVENT',
        {
          topic: e.type,
          eventType: e.type,
          eventId,
          eventBornTime: String(this.state.clock.now()),
          eventCorpId: this.state.settings.corpId,
          eventUnifiedAppId: this.state.settings.appKey,
        },
        JSON.stringify(data),
      );
      const p: Pending = { frame, attempts: 0 };
      this.pending.set(String((frame.headers as { messageId: string }).messageId), p);
      this.deliver(p);
    }
  }

  private deliver(p: Pending): void {
    const ws = [...this.sockets][0];
    p.attempts++;
    if (ws) this.sendTo(ws, p.frame);
    clearTimeout(p.timer);
    p.timer = setTimeout(() => this.deliver(p), this.redeliverMs);
    p.timer.unref();
  }

  private onReply(text: string): void {
    let r: { code?: number; headers?: { messageId?: string; topic?: string }; data?: string };
    try {
      r = JSON.parse(text);
    } catch {
      return;
    }
    const id = r.headers?.messageId;
    const p = id ? this.pending.get(id) : undefined;
    if (!p) {
      this.pongs.push(r);
      return;
    }
    let status = 'UNKNOWN';
    try {
      status = String((JSON.parse(r.data ?? '{}') as { status?: string }).status);
    } catch {
      // an unreadable ACK is no ACK
    }
    const h = p.frame.headers as { eventId: string; eventType: string };
    this.acks.push({ eventId: h.eventId, eventType: h.eventType, status, attempts: p.attempts });
    if (status === 'SUCCESS') {
      clearTimeout(p.timer);
      this.pending.delete(id!);
    } else {
      clearTimeout(p.timer);
      p.timer = setTimeout(() => this.deliver(p), Math.min(this.redeliverMs, 1_000));
      p.timer.unref();
    }
  }

  /** What DingTalk does now and then: a ping every connection must echo. */
  ping(): void {
    for (const ws of this.sockets) this.sendTo(ws, this.frame('SYSTEM', { topic: 'ping' }, JSON.stringify({ opaque: randomToken(8) })));
  }

  /** The gateway asks every connection to reconnect (as before a server restart). */
  disconnect(): void {
    for (const ws of this.sockets) this.sendTo(ws, this.frame('SYSTEM', { topic: 'disconnect' }, '{}'));
  }

  /** Cuts every socket without a word (a network failure). */
  drop(): void {
    for (const ws of this.sockets) ws.terminate();
  }

  unacked(): number {
    return this.pending.size;
  }

  close(): void {
    for (const p of this.pending.values()) clearTimeout(p.timer);
    for (const ws of this.sockets) ws.terminate();
    this.wss.close();
  }
}
