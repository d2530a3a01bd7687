import { declareErrors, JitError } from '@jitkit/core';

/**
 * DingTalk answered with an error that retrying did not (or could not) fix. `code` is the real
 * code: a legacy errcode 88 wrapper is unwrapped to its `sub_code`; a v1.0 error keeps its string
 * `code` (e.g. "InvalidAuthentication") with the HTTP status.
 */
export class DingTalkApiError extends JitError {
  readonly api: string;
  readonly errcode: number | string;
  readonly errmsg: string;

  constructor(api: string, errcode: number | string, errmsg: string, extra: Record<string, unknown> = {}) {
    super('DINGTALK_API', `DingTalk ${api} failed: ${errcode} ${errmsg}`, { api, errcode, errmsg, ...extra });
    this.name = 'DingTalkApiError';
    this.api = api;
    this.errcode = errcode;
    this.errmsg = errmsg;
  }
}

/** DingTalk answered something that is not a DingTalk answer: not JSON, a missing or mistyped field. */
export function protocolError(api: string, message: string, details: Record<string, unknown> = {}): JitError {
  return new JitError('DINGTALK_PROTOCOL', `DingTalk ${api}: ${message}`, { api, ...details });
}

export type CallbackFailure = 'signature' | 'owner' | 'stale' | 'json' | 'base64' | 'decrypt' | 'config';

/** A pushed event that must be refused. The message never holds the token or the key. */
export function callbackError(reason: CallbackFailure, message: string): JitError {
  return new JitError('DINGTALK_CALLBACK', message, { reason });
}

declareErrors({
  DINGTALK_API: { status: 502 },
  DINGTALK_PROTOCOL: { status: 502 },
  DINGTALK_UNREACHABLE: { status: 502 },
  DINGTALK_CALLBACK: {
    status: (d) => (d.reason === 'signature' || d.reason === 'owner' || d.reason === 'stale' ? 403 : d.reason === 'config' ? 500 : 400),
  },
});
