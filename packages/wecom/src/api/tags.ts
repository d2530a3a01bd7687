import type { WeComClient } from '../client.js';
import type { WeComTag, WeComTagDetail } from '../types.js';

export interface TagMembersResult {
  /** Userids WeCom refused (it applies the rest). */
  invalidUsers: string[];
  invalidParties: number[];
}

function parseInvalid(r: { invalidlist?: string; invalidparty?: number[] }): TagMembersResult {
  return { invalidUsers: r.invalidlist ? r.invalidlist.split('|').filter(Boolean) : [], invalidParties: r.invalidparty ?? [] };
}

/** tag/*: section 2.4 of wecom-api.md. */
export class TagApi {
  constructor(private readonly client: WeComClient) {}

  async list(): Promise<WeComTag[]> {
    return (await this.client.call<{ taglist: WeComTag[] }>({ name: 'tag/list', method: 'GET', idempotent: true })).taglist;
  }

  async get(tagid: number): Promise<WeComTagDetail> {
    const r = await this.client.call<WeComTagDetail & { partylist?: number[] }>(
      { name: 'tag/get', method: 'GET', idempotent: true },
      { query: { tagid } },
    );
    return { tagname: r.tagname, userlist: r.userlist, partylist: r.partylist ?? [] };
  }

  async create(tagname: string, tagid?: number): Promise<number> {
    return (
      await this.client.call<{ tagid: number }>(
        { name: 'tag/create', method: 'POST', idempotent: false },
        { body: { tagname, ...(tagid !== undefined ? { tagid } : {}) } },
      )
    ).tagid;
  }

  async update(tagid: number, tagname: string): Promise<void> {
    await this.client.call({ name: 'tag/update', method: 'POST', idempotent: false }, { body: { tagid, tagname } });
  }

  async delete(tagid: number): Promise<void> {
    await this.client.call({ name: 'tag/delete', method: 'GET', idempotent: false }, { query: { tagid } });
  }

  /** Up to 1,000 members and 100 departments. Partly invalid lists apply the valid part. */
  async addMembers(tagid: number, userlist: string[] = [], partylist: number[] = []): Promise<TagMembersResult> {
    return parseInvalid(
      await this.client.call({ name: 'tag/addtagusers', method: 'POST', idempotent: true }, { body: { tagid, userlist, partylist } }),
    );
  }

  async removeMembers(tagid: number, userlist: string[] = [], partylist: number[] = []): Promise<TagMembersResult> {
    return parseInvalid(
      await this.client.call({ name: 'tag/deltagusers', method: 'POST', idempotent: true }, { body: { tagid, userlist, partylist } }),
    );
  }
}
