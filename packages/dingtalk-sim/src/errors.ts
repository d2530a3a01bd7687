/** A DingTalk error the emulator answers with. */
export class DtError extends Error {
  constructor(
    readonly errcode: number,
    readonly errmsg: string,
  ) {
    super(`${errcode} ${errmsg}`);
  }
}

/** Auth and permission failures come wrapped in errcode 88 (observed on live servers). */
export const WRAPPED = new Set([40000, 40014, 40001, 42001, 41001, 60011, 60020]);

/** A legacy answer for an error: 88 with sub_code for the wrapped ones, the bare code otherwise. */
export function legacyError(e: DtError): Record<string, unknown> {
  if (!WRAPPED.has(e.errcode)) return { errcode: e.errcode, errmsg: e.errmsg, request_id: requestId() };
  return {
    errcode: 88,
    sub_code: String(e.errcode),
    sub_msg: e.errmsg,
    errmsg: `ding talk error[subcode=${e.errcode},submsg=${e.errmsg}]`,
    request_id: requestId(),
  };
}

let counter = 0;
export function requestId(): string {
  return `sim${(++counter).toString(36)}${Date.now().toString(36)}`;
}
