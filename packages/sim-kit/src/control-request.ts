import { httpRequest, type HttpAnswer } from './http-request.js';

/**
 * One request to an emulator's control API (`/__sim/<path>`). A keep-alive socket the emulator
 * closed while idle fails the next request before any answer, and that request is sent again.
 * The error cannot tell it from a socket that broke after the emulator ran the request, so only
 * calls safe to repeat (reads, settings) are sent again; any other fails naming the call.
 */
export interface ControlRequest {
  baseUrl: string;
  /** Names the emulator in errors ("WeCom emulator control"). */
  label: string;
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  body?: unknown;
  /** Sending it twice has the effect of sending it once (reads, settings). GET and DELETE always are. */
  idempotent?: boolean;
}

const ATTEMPTS = 3;

/** A socket the other side closed or reset before any answer. */
function socketClosed(err: unknown): boolean {
  return ['ECONNRESET', 'EPIPE'].includes((err as { code?: string }).code ?? '');
}

export async function controlRequest<T>(req: ControlRequest): Promise<T> {
  const repeatable = req.idempotent || req.method !== 'POST';
  for (let attempt = 1; ; attempt++) {
    let res: HttpAnswer;
    try {
      res = await httpRequest({
        method: req.method,
        url: `${req.baseUrl}/__sim/${req.path}`,
        ...(req.body !== undefined ? { body: JSON.stringify(req.body), headers: { 'content-type': 'application/json' } } : {}),
      });
    } catch (err) {
      if (repeatable && attempt < ATTEMPTS && socketClosed(err)) continue;
      throw new Error(`${req.label} ${req.method} ${req.path}: ${(err as Error).message}`, { cause: err });
    }
    let data: T & { error?: string };
    try {
      data = JSON.parse(res.body.toString('utf8')) as T & { error?: string };
    } catch {
      throw new Error(`${req.label} ${req.method} ${req.path}: HTTP ${res.status}, not JSON: ${res.body.toString('utf8').slice(0, 200)}`);
    }
    if (res.status !== 200) throw new Error(`${req.label} ${req.method} ${req.path}: ${data.error ?? res.status}`);
    return data;
  }
}
