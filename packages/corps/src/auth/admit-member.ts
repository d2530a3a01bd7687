import { JitError } from '@jitkit/core';

export type LoginRefusal = 'invalid-code' | 'not-a-member' | 'unknown-member' | 'resigned' | 'disabled';

/** A login the app refuses (AUTH_FAILED), with the reason serve turns into a clear page. */
export function loginRefused(reason: LoginRefusal, message: string): JitError {
  return new JitError('AUTH_FAILED', message, { reason });
}

export interface AdmittedMember {
  corpFullName: string;
  memberId: string;
  userId: string;
  name: string;
  /** The member's id in the upstream directory (WeCom or DingTalk userid). */
  externalUserid: string;
}

/**
 * The same checks for every Type once the upstream said who logged in: the person must be a
 * member in the pool (synced), active in this corp, and enabled upstream.
 */
export function admitMember(
  member: { memberId: string; userId: string; name: string; status: number; enabled: boolean } | undefined,
  who: { upstreamId: string; corpFullName: string; upstream: string },
): AdmittedMember {
  if (!member)
    throw loginRefused(
      'unknown-member',
      `member ${who.upstreamId} is not in this app's user pool yet (not synced, or outside what the app can see in ${who.upstream})`,
    );
  if (member.status !== 1) throw loginRefused('resigned', `${member.name} has left the organisation`);
  if (!member.enabled) throw loginRefused('disabled', `${member.name}'s account is disabled or not activated in ${who.upstream}`);
  return {
    corpFullName: who.corpFullName,
    memberId: member.memberId,
    userId: member.userId,
    name: member.name,
    externalUserid: who.upstreamId,
  };
}
