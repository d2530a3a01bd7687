import { declareErrors, JitError } from '@jitkit/core';

/** WeCom answered with a non-zero errcode that retrying did not (or could not) fix. */
export class WeComApiError extends JitError {
  readonly errcode: number;
  readonly errmsg: string;
  /** The API path, e.g. 'user/get' (never the URL: it carries the access token). */
  readonly api: string;

  constructor(api: string, errcode: number, errmsg: string) {
    super('WECOM_API', `WeCom ${api} failed: ${errcode} ${errmsg}`, { api, errcode, errmsg });
    this.name = 'WeComApiError';
    this.errcode = errcode;
    this.errmsg = errmsg;
    this.api = api;
  }
}

/** WeCom answered something that is not a WeCom answer: not JSON, a missing or mistyped field. */
export function protocolError(api: string, message: string, details: Record<string, unknown> = {}): JitError {
  return new JitError('WECOM_PROTOCOL', `WeCom ${api}: ${message}`, { api, ...details });
}

export type CallbackFailure = 'signature' | 'receiveid' | 'stale' | 'replay' | 'xml' | 'base64' | 'decrypt' | 'echostr' | 'config';

/** A callback request that must be refused. The message never holds the token or the key. */
export function callbackError(reason: CallbackFailure, message: string): JitError {
  return new JitError('WECOM_CALLBACK', message, { reason });
}

/** WeCom's error codes: a refused callback is 403 when it is not authentic, 400 when it is malformed. */
declareErrors({
  WECOM_API: { status: 502 },
  WECOM_PROTOCOL: { status: 502 },
  WECOM_UNREACHABLE: { status: 502 },
  WECOM_CALLBACK: {
    status: (d) => (d.reason === 'signature' || d.reason === 'receiveid' || d.reason === 'stale' ? 403 : d.reason === 'config' ? 500 : 400),
  },
});
