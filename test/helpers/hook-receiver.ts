import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedHook {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A local webhook receiver: records what arrives; answers `status` (200), or fails on demand. */
export class HookReceiver {
  readonly received: ReceivedHook[] = [];
  /** The answer to give; anything but 2xx is a failed attempt for the sender. */
  status = 200;
  private server?: Server;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const parts: Buffer[] = [];
      req.on('data', (d: Buffer) => parts.push(d));
      req.on('end', () => {
        if (this.status >= 200 && this.status < 300)
          this.received.push({ headers: req.headers, body: Buffer.concat(parts).toString('utf8') });
        res.writeHead(this.status).end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`;
  }

  /** Event ids received, with how many times each arrived. */
  counts(): Map<string, number> {
    const out = new Map<string, number>();
    for (const r of this.received) {
      const id = String(r.headers['x-jitkit-event-id']);
      out.set(id, (out.get(id) ?? 0) + 1);
    }
    return out;
  }

  clear(): void {
    this.received.length = 0;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}
