import type { HttpAnswer } from '@jitkit/core';
import { DingTalkApiError, protocolError } from './errors.js';
import { checkEnvelope, checkPayload } from './schemas.js';

export type Outcome =
  | { kind: 'ok'; body: unknown }
  | { kind: 'throttle'; error: Error; waitMs?: number }
  | { kind: 'token' | 'transient' | 'fatal'; error: Error };

/** "This token is no good": drop it, fetch a new one, try once more (bare, or as errcode 88's sub_code). */
const TOKEN_CODES = new Set([40014, 40001, 42001, 41001]);
/** Per-app per-API QPS, and the platform-wide per-API throttle: wait a second and try again. */
const THROTTLE_CODES = new Set([90018, 90002]);
const V1_THROTTLE = new Set(['Forbidden.AccessDenied.QpsLimitForAppkeyAndApi', 'Forbidden.AccessDenied.QpsLimitForApi', 'QpsLimitForApi']);

function parse(api: string, answer: HttpAnswer): { body?: unknown; error?: Error } {
  try {
    return { body: JSON.parse(answer.text) };
  } catch {
    return { error: protocolError(api, `the answer is not JSON (HTTP ${answer.status}; garbled or cut short)`, { status: answer.status }) };
  }
}

/** The IP ban answer (`{status:1111, wait:5, punish:"deny"}`): wait as told. */
function ipBan(body: unknown): number | undefined {
  const b = body as { status?: unknown; wait?: unknown; punish?: unknown } | null;
  return b && typeof b === 'object' && b.status === 1111 && typeof b.wait === 'number' ? b.wait * 1000 : undefined;
}

/** A legacy answer: always HTTP 200 with `{errcode, errmsg}`; 88 wraps the real code in `sub_code`. */
export function classifyLegacy(api: string, answer: HttpAnswer, idempotent: boolean): Outcome {
  const retryable = idempotent ? 'transient' : 'fatal';
  if (answer.status >= 500) return { kind: retryable, error: protocolError(api, `HTTP ${answer.status}`, { status: answer.status }) };
  const { body, error } = parse(api, answer);
  if (error) return { kind: retryable, error };
  const ban = ipBan(body);
  if (ban !== undefined) return { kind: 'throttle', waitMs: ban, error: new DingTalkApiError(api, 1111, 'source IP banned for a while') };
  if (answer.status !== 200) return { kind: 'fatal', error: protocolError(api, `HTTP ${answer.status}`, { status: answer.status }) };
  try {
    checkEnvelope(api, body);
  } catch (err) {
    return { kind: 'fatal', error: err as Error };
  }
  const wrapped = body.errcode === 88 && body.sub_code !== undefined && /^-?\d+$/.test(body.sub_code);
  const code = wrapped ? Number(body.sub_code) : body.errcode;
  const message = (wrapped ? body.sub_msg : body.errmsg) ?? '';
  if (code === 0) {
    try {
      checkPayload(api, body);
    } catch (err) {
      return { kind: 'fatal', error: err as Error };
    }
    return { kind: 'ok', body };
  }
  const apiError = new DingTalkApiError(api, code, message, wrapped ? { wrapper: 88 } : {});
  if (TOKEN_CODES.has(code)) return { kind: 'token', error: apiError };
  if (code === -1) return { kind: 'transient', error: apiError };
  if (THROTTLE_CODES.has(code)) return { kind: 'throttle', error: apiError };
  return { kind: 'fatal', error: apiError };
}

/** A v1.0 answer: 200 with a bare body, or 4xx/5xx with `{code, message, requestid}`. */
export function classifyV1(api: string, answer: HttpAnswer, idempotent: boolean): Outcome {
  const retryable = idempotent ? 'transient' : 'fatal';
  const { body, error } = parse(api, answer);
  if (answer.status >= 500 && (error || !(body as { code?: unknown })?.code))
    return { kind: retryable, error: protocolError(api, `HTTP ${answer.status}`, { status: answer.status }) };
  if (error) return { kind: retryable, error };
  const ban = ipBan(body);
  if (ban !== undefined) return { kind: 'throttle', waitMs: ban, error: new DingTalkApiError(api, 1111, 'source IP banned for a while') };
  if (answer.status === 200) {
    try {
      checkPayload(api, body);
    } catch (err) {
      return { kind: 'fatal', error: err as Error };
    }
    return { kind: 'ok', body };
  }
  const b = body as { code?: unknown; message?: unknown };
  if (typeof b?.code !== 'string')
    return { kind: 'fatal', error: protocolError(api, `HTTP ${answer.status} without an error code`, { status: answer.status }) };
  const apiError = new DingTalkApiError(api, b.code, typeof b.message === 'string' ? b.message : '', { status: answer.status });
  if (answer.status === 401 || b.code === 'InvalidAuthentication') return { kind: 'token', error: apiError };
  if (V1_THROTTLE.has(b.code)) return { kind: 'throttle', error: apiError };
  if (answer.status >= 500) return { kind: retryable, error: apiError };
  return { kind: 'fatal', error: apiError };
}
