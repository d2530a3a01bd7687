import type { DingTalkClient } from '../client.js';
import type { DingTalkRoleGroup } from '../types.js';

/** Roles (角色; "labels" in events), read with the department permission. */
export class RoleApi {
  constructor(private readonly client: DingTalkClient) {}

  /** Every role group with its roles (offset paging, 200 a page). */
  async list(): Promise<DingTalkRoleGroup[]> {
    const out: DingTalkRoleGroup[] = [];
    for (let offset = 0; ; offset += 200) {
      const { result } = await this.client.topapi<{ result: { hasMore: boolean; list: DingTalkRoleGroup[] } }>('role/list', {
        size: 200,
        offset,
      });
      out.push(...result.list.map((g) => ({ ...g, roles: g.roles ?? [] })));
      if (!result.hasMore || result.list.length === 0) return out;
    }
  }

  /** The members of a role (offset paging, 100 a page). */
  async members(roleId: number): Promise<{ userid: string; name?: string }[]> {
    const out: { userid: string; name?: string }[] = [];
    for (let offset = 0; ; offset += 100) {
      const { result } = await this.client.topapi<{ result: { hasMore: boolean; list: { userid: string; name?: string }[] } }>(
        'role/simplelist',
        { role_id: roleId, size: 100, offset },
      );
      out.push(...result.list);
      if (!result.hasMore || result.list.length === 0) return out;
    }
  }
}
