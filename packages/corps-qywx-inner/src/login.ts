import { loginRefused } from '@jitkit/corps';
import { WeComApiError, type WeComClient } from '@jitkit/wecom';

/**
 * Exchanges a WeCom OAuth code for who logged in (their userid). Refused with AUTH_FAILED: a bad,
 * used or expired code, a WeCom user who is not a member. (The pool's checks follow: admitLogin.)
 */
export async function weComLoginUserid(client: WeComClient, code: string): Promise<string> {
  if (typeof code !== 'string' || !code)
    throw loginRefused('invalid-code', 'the login came back without a code (refused or cancelled in WeCom)');
  let who;
  try {
    who = await client.auth.getUserInfo(code);
  } catch (err) {
    if (err instanceof WeComApiError && err.errcode === 40029)
      throw loginRefused('invalid-code', 'the login code is invalid, already used or expired: log in again');
    throw err;
  }
  if (who.kind !== 'member') throw loginRefused('not-a-member', 'this WeCom account is not a member of the organisation');
  return who.userid;
}
