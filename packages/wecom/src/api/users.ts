import type { WeComClient } from '../client.js';
import { WeComApiError } from '../errors.js';
import type { DeptUserRow, WeComMember, WeComSimpleMember } from '../types.js';

export type MemberInput = Partial<Omit<WeComMember, 'userid'>> & { userid: string; to_invite?: boolean; enable?: number };

/** user/*: section 2.2 of wecom-api.md. Writes and list_id need the contacts-sync secret. */
export class UserApi {
  constructor(private readonly client: WeComClient) {}

  get(userid: string): Promise<WeComMember> {
    return this.client.call<WeComMember>({ name: 'user/get', method: 'GET', idempotent: true }, { query: { userid } });
  }

  async simpleList(departmentId: number, fetchChild = false): Promise<WeComSimpleMember[]> {
    return (
      await this.client.call<{ userlist: WeComSimpleMember[] }>(
        { name: 'user/simplelist', method: 'GET', idempotent: true },
        { query: { department_id: departmentId, fetch_child: fetchChild ? 1 : 0 } },
      )
    ).userlist;
  }

  async list(departmentId: number, fetchChild = false): Promise<WeComMember[]> {
    return (
      await this.client.call<{ userlist: WeComMember[] }>(
        { name: 'user/list', method: 'GET', idempotent: true },
        { query: { department_id: departmentId, fetch_child: fetchChild ? 1 : 0 } },
      )
    ).userlist;
  }

  /** One page of user/list_id. */
  listIdPage(cursor: string | undefined, limit = 10_000): Promise<{ next_cursor: string; dept_user: DeptUserRow[] }> {
    return this.client.call({ name: 'user/list_id', method: 'POST', idempotent: true }, { body: { ...(cursor ? { cursor } : {}), limit } });
  }

  /**
   * Every (userid, department) pair: user/list_id page by page, or, when the secret may not call
   * it (48002, an ordinary app's secret), user/simplelist per visible department.
   */
  async *listIds(limit = 10_000): AsyncGenerator<DeptUserRow[]> {
    let cursor: string | undefined;
    try {
      do {
        const page = await this.listIdPage(cursor, limit);
        yield page.dept_user;
        cursor = page.next_cursor;
      } while (cursor);
      return;
    } catch (err) {
      if (!(err instanceof WeComApiError && err.errcode === 48002) || cursor) throw err;
    }
    const depts = await this.client.departments.simpleList();
    for (const d of depts) {
      const members = await this.simpleList(d.id);
      yield members.map((m) => ({ userid: m.userid, department: d.id }));
    }
  }

  async create(input: MemberInput): Promise<void> {
    await this.client.call({ name: 'user/create', method: 'POST', idempotent: false }, { body: input });
  }

  /** `new_userid` renames the member. */
  async update(input: Partial<MemberInput> & { userid: string; new_userid?: string }): Promise<void> {
    await this.client.call({ name: 'user/update', method: 'POST', idempotent: false }, { body: input });
  }

  async delete(userid: string): Promise<void> {
    await this.client.call({ name: 'user/delete', method: 'GET', idempotent: false }, { query: { userid } });
  }

  /** At most 200; one bad userid fails the whole call. */
  async batchDelete(useridlist: string[]): Promise<void> {
    await this.client.call({ name: 'user/batchdelete', method: 'POST', idempotent: false }, { body: { useridlist } });
  }

  async convertToOpenid(userid: string): Promise<string> {
    return (
      await this.client.call<{ openid: string }>({ name: 'user/convert_to_openid', method: 'POST', idempotent: true }, { body: { userid } })
    ).openid;
  }
}
