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

/** undici's "other side closed" / "socket hang up" and the usual resets, on the cause of fetch's TypeError. */
function socketClosed(err: unknown): boolean {
  const cause = (err as { cause?: { code?: string } }).cause;
  return ['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE', 'UND_ERR_CLOSED'].includes(cause?.code ?? '');
}

export async function controlRequest<T>(req: ControlRequest): Promise<T> {
  const repeatable = req.idempotent || req.method !== 'POST';
  for (let attempt = 1; ; attempt++) {
    let res: Response;
    try {
      res = await fetch(`${req.baseUrl}/__sim/${req.path}`, {
        method: req.method,
        ...(req.body !== undefined ? { body: JSON.stringify(req.body), headers: { 'content-type': 'application/json' } } : {}),
      });
    } catch (err) {
      if (repeatable && attempt < ATTEMPTS && socketClosed(err)) continue;
      throw new Error(`${req.label} ${req.method} ${req.path}: ${(err as Error).message}`, { cause: err });
    }
    const data = (await res.json()) as T & { error?: string };
    if (res.status !== 200) throw new Error(`${req.label} ${req.method} ${req.path}: ${data.error ?? res.status}`);
    return data;
  }
}
