import { request, type Dispatcher } from 'undici';

export interface HttpAnswer {
  status: number;
  text: string;
}

/** A failure below HTTP: refused, reset, timed out, cut short. */
export class NetworkError extends Error {
  constructor(
    message: string,
    readonly code: string,
    /** True when the request surely never reached the server (safe to retry even a write). */
    readonly notSent: boolean,
  ) {
    super(message);
  }
}

const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT']);

export async function send(
  dispatcher: Dispatcher,
  url: string,
  method: 'GET' | 'POST',
  body: string | undefined,
  timeoutMs: number,
  /** Extra request headers (e.g. an access token some APIs take as a header). */
  headers: Record<string, string> = {},
): Promise<HttpAnswer> {
  try {
    const res = await request(url, {
      dispatcher,
      method,
      body,
      headers: body !== undefined ? { 'content-type': 'application/json; charset=utf-8', ...headers } : headers,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    return { status: res.statusCode, text: await res.body.text() };
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { cause?: NodeJS.ErrnoException };
    const code = e.code ?? e.cause?.code ?? 'ENETWORK';
    // undici's messages name the host, never the query string; keep only the code and text.
    throw new NetworkError(`${code}: ${e.message}`, code, NOT_SENT.has(code));
  }
}
