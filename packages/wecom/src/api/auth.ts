import type { WeComClient } from '../client.js';

export type OAuthIdentity =
  | { kind: 'member'; userid: string; userTicket?: string; userTicketExpiresIn?: number }
  | { kind: 'non-member'; openid: string; externalUserid?: string };

export interface MemberPrivateInfo {
  userid: string;
  gender?: string;
  avatar?: string;
  qr_code?: string;
  mobile?: string;
  email?: string;
  biz_mail?: string;
  address?: string;
}

/** auth/*: member login (section 5 of wecom-api.md). Codes are single use; not retried. */
export class AuthApi {
  constructor(private readonly client: WeComClient) {}

  /** Exchanges an OAuth code for who logged in. A bad, used or expired code is WECOM_API 40029. */
  async getUserInfo(code: string): Promise<OAuthIdentity> {
    const r = await this.client.call<{
      userid?: string;
      user_ticket?: string;
      expires_in?: number;
      openid?: string;
      external_userid?: string;
    }>({ name: 'auth/getuserinfo', method: 'GET', idempotent: false }, { query: { code } });
    if (r.userid)
      return {
        kind: 'member',
        userid: r.userid,
        ...(r.user_ticket ? { userTicket: r.user_ticket, userTicketExpiresIn: r.expires_in } : {}),
      };
    return { kind: 'non-member', openid: r.openid!, ...(r.external_userid ? { externalUserid: r.external_userid } : {}) };
  }

  /** The member's private fields, with the user_ticket of an snsapi_privateinfo login. */
  async getUserDetail(userTicket: string): Promise<MemberPrivateInfo> {
    const {
      errcode: _e,
      errmsg: _m,
      ...rest
    } = await this.client.call<MemberPrivateInfo & { errcode: number; errmsg: string }>(
      { name: 'auth/getuserdetail', method: 'POST', idempotent: true },
      { body: { user_ticket: userTicket } },
    );
    return rest;
  }

  /** The legacy user/getuserinfo, which answers in PascalCase. */
  async getUserInfoLegacy(code: string): Promise<OAuthIdentity> {
    const r = await this.client.call<{ UserId?: string; OpenId?: string }>(
      { name: 'user/getuserinfo', method: 'GET', idempotent: false },
      { query: { code } },
    );
    return r.UserId ? { kind: 'member', userid: r.UserId } : { kind: 'non-member', openid: r.OpenId ?? '' };
  }
}
