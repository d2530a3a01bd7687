import { JitError } from '@jitkit/core';
import { WeComApiError, type WeComClient } from '@jitkit/wecom';

export interface LoginResult {
  corpFullName: string;
  memberId: string;
  userId: string;
  name: string;
  /** The WeCom userid the member logged in as. */
  externalUserid: string;
}

type Refusal = 'invalid-code' | 'not-a-member' | 'unknown-member' | 'resigned' | 'disabled';

export function loginRefused(reason: Refusal, message: string): JitError {
  return new JitError('AUTH_FAILED', message, { reason });
}

/**
 * Exchanges a WeCom OAuth code for the member who logged in. Refused with AUTH_FAILED: a bad,
 * used or expired code, a WeCom user who is not a member, a member not (yet) in the pool, a
 * resigned or disabled member.
 */
export async function completeLogin(
  client: WeComClient,
  code: string,
  lookup: (userid: string) => Promise<{ memberId: string; userId: string; name: string; status: number; enabled: boolean } | undefined>,
  corpFullName: string,
): Promise<LoginResult> {
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
  const member = await lookup(who.userid);
  if (!member)
    throw loginRefused(
      'unknown-member',
      `member ${who.userid} is not in this app's user pool yet (not synced, or outside the app's visible range)`,
    );
  if (member.status !== 1) throw loginRefused('resigned', `${member.name} has left the organisation`);
  if (!member.enabled) throw loginRefused('disabled', `${member.name}'s account is disabled in WeCom`);
  return { corpFullName, memberId: member.memberId, userId: member.userId, name: member.name, externalUserid: who.userid };
}
