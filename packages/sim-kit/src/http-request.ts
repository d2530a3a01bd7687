import http from 'node:http';
import https from 'node:https';

/**
 * Idle keep-alive sockets are closed after this, well before the emulators' servers close them
 * (65 s), so a request never goes out on a socket the other side is closing.
 */
const IDLE_MS = 4_000;

/**
 * The emulators' own HTTP client (callback pushes, control calls): node's http with keep-alive
 * sockets. fetch costs about three times the CPU a request (web streams, an AbortSignal each),
 * and an emulator pushing hundreds of callbacks a second shares the machine with the app it
 * pushes to.
 */
const agents = {
  'http:': new http.Agent({ keepAlive: true, timeout: IDLE_MS }),
  'https:': new https.Agent({ keepAlive: true, timeout: IDLE_MS }),
};

export interface HttpAnswer {
  status: number;
  body: Buffer;
}

export interface HttpRequest {
  method: 'GET' | 'POST' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  body?: string;
  /** The whole exchange, answer read included; none when unset. */
  timeoutMs?: number;
}

/** Sends one request and reads the whole answer. Network errors and the timeout reject (err.code says which). */
export function httpRequest(req: HttpRequest): Promise<HttpAnswer> {
  const url = new URL(req.url);
  const client = url.protocol === 'https:' ? https : http;
  const agent = agents[url.protocol as keyof typeof agents];
  if (!agent) return Promise.reject(new Error(`unsupported URL ${req.url}`));
  return new Promise<HttpAnswer>((resolve, reject) => {
    const headers = { ...req.headers, ...(req.body !== undefined ? { 'content-length': String(Buffer.byteLength(req.body)) } : {}) };
    const request = client.request(url, { method: req.method, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) });
      });
      res.on('error', fail);
    });
    const timer =
      req.timeoutMs === undefined
        ? undefined
        : setTimeout(
            () => request.destroy(Object.assign(new Error(`no answer within ${req.timeoutMs} ms`), { code: 'ETIMEDOUT' })),
            req.timeoutMs,
          );
    function fail(err: Error) {
      clearTimeout(timer);
      reject(err);
    }
    request.on('error', fail);
    request.end(req.body);
  });
}
