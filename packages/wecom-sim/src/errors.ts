/**
 * WeCom's error codes and errmsg texts, in one place so a doubtful reading can be changed once.
 * Real errmsg texts carry a hint suffix; `errorBody` adds it.
 */
export const ERRMSG: Record<number, string> = {
  [-1]: 'system busy',
  40001: 'invalid credential',
  40003: 'invalid userid',
  40013: 'invalid corpid',
  40014: 'invalid access_token',
  40029: 'invalid code',
  40031: 'invalid userid list',
  40058: 'invalid Request Parameter',
  40066: 'invalid department list',
  40068: 'invalid tagid',
  40070: 'all list invalid',
  40071: 'UserTag Name Already Exist',
  40091: 'secret is invalid',
  41001: 'access_token missing',
  41002: 'corpid missing',
  41004: 'secret missing',
  42001: 'access_token expired',
  43004: 'user not bound to wechat',
  45009: 'api freq out of limit',
  45033: 'api concurrent out of limit',
  48002: 'api forbidden',
  50001: 'redirect_uri not a trusted domain',
  // (?) 60002 for depth over 15 and 60001 for the department count are our reading.
  60001: 'department count exceeds limit',
  60002: 'department level too deep',
  60003: 'department not found',
  60004: 'parent department not found',
  60005: 'department contains members',
  60006: 'department contains sub department',
  60007: 'not allow to operate root department',
  60008: 'department existed',
  60009: 'department name contains invalid char',
  60010: 'department exist circle',
  60011: 'no privilege to access/modify contact/party/agent',
  60020: 'not allow to access from your ip',
  60102: 'userid existed',
  60104: 'mobile existed',
  60106: 'email existed',
  60111: 'userid not found',
  60112: 'invalid username',
  60123: 'invalid party id',
  60124: 'invalid parent party id',
  84014: 'user ticket expired',
  84015: 'user ticket invalid',
  301005: 'not allow to delete creator',
};

/** What WeCom says when a POST body is not JSON. (?) the errcode is our reading. */
export const WRONG_JSON = { errcode: 40058, text: 'Warning: wrong json format. invalid Request Parameter' };

let hintCounter = 0;

export function errmsgWithHint(errcode: number, ip: string, text = ERRMSG[errcode] ?? 'unknown error'): string {
  hintCounter = (hintCounter + 1) % 1_000_000;
  const hint = `${Date.now()}${String(hintCounter).padStart(6, '0')}${Math.floor(Math.random() * 1e6)}`;
  return `${text}, hint: [${hint}], from ip: ${ip}, more info at https://open.work.weixin.qq.com/devtool/query?e=${errcode}`;
}

/** Thrown by handlers; the server turns it into `{errcode, errmsg}` with HTTP 200. */
export class WeComFault extends Error {
  constructor(
    readonly errcode: number,
    readonly text: string = ERRMSG[errcode] ?? 'unknown error',
  ) {
    super(`${errcode} ${text}`);
  }
}

export function fault(errcode: number, text?: string): WeComFault {
  return new WeComFault(errcode, text);
}
