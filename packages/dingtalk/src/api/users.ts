import type { DingTalkClient } from '../client.js';
import type { DingTalkMember, DingTalkUserInfo } from '../types.js';

/** The largest page `v2/user/list` serves. */
export const USER_PAGE_SIZE = 100;

/** Members (`通讯录部门成员读权限`, `成员信息读权限`). */
export class UserApi {
  constructor(private readonly client: DingTalkClient) {}

  /** The direct members of a department, every page (cursor 0, then next_cursor until has_more is false). */
  async list(deptId: number): Promise<DingTalkMember[]> {
    const out: DingTalkMember[] = [];
    for (let cursor = 0; ;) {
      const { result } = await this.client.topapi<{ result: { has_more: boolean; next_cursor?: number; list: DingTalkMember[] } }>(
        'v2/user/list',
        { dept_id: deptId, cursor, size: USER_PAGE_SIZE },
      );
      out.push(...result.list);
      if (!result.has_more) return out;
      if (result.next_cursor === undefined || result.next_cursor === cursor)
        throw new TypeError(`DingTalk v2/user/list: has_more without a new next_cursor (dept ${deptId})`);
      cursor = result.next_cursor;
    }
  }

  /** One member; 60121 when unknown, 50002 outside the contact scope. */
  async get(userid: string): Promise<DingTalkMember> {
    return (await this.client.topapi<{ result: DingTalkMember }>('v2/user/get', { userid })).result;
  }

  async count(onlyActive = false): Promise<number> {
    return (await this.client.topapi<{ result: { count: number } }>('user/count', { only_active: onlyActive })).result.count;
  }

  /** The userid of a person who logged in (their unionid); 60121 when not a member of this organisation. */
  async getByUnionId(unionid: string): Promise<{ userid: string; contact_type?: number }> {
    return (await this.client.topapi<{ result: { userid: string; contact_type?: number } }>('user/getbyunionid', { unionid })).result;
  }

  async getByMobile(mobile: string): Promise<string> {
    return (await this.client.topapi<{ result: { userid: string } }>('v2/user/getbymobile', { mobile })).result.userid;
  }

  /** In-app (H5) login: the code from dd.requestAuthCode -> who it is; 40078 for a bad or used code. */
  async getUserInfo(code: string): Promise<DingTalkUserInfo> {
    return (await this.client.topapi<{ result: DingTalkUserInfo }>('v2/user/getuserinfo', { code }, { idempotent: false })).result;
  }
}
