import {
  readMembersByDepartment,
  type MemberSink,
  type PoolContext,
  type SyncProgress,
  type SyncScope,
  type SyncSource,
  type UpstreamDept,
  type UpstreamMember,
  type UpstreamOrg,
} from '@jitkit/corps';
import {
  DingTalkApiError,
  readDingTalkOrganization,
  type DingTalkClient,
  type DingTalkDept,
  type DingTalkMember,
  type DingTalkOrgRole,
  USER_PAGE_SIZE,
} from '@jitkit/dingtalk';
import { roleAsTag } from './mapping.js';

export interface DingTalkMappers {
  member(m: DingTalkMember): UpstreamMember;
  dept(d: DingTalkDept): UpstreamDept;
}

/**
 * "Gone from view": not found (60121, 60003, 33012) or outside the app's contact scope (50002,
 * 50004). Both mean the pool should no longer show the item, behind the guard like any removal.
 */
const GONE = new Set<number | string>([60121, 33012, 50002, 60003, 50004]);

async function unlessGone<T>(p: Promise<T>): Promise<T | undefined> {
  try {
    return await p;
  } catch (err) {
    if (err instanceof DingTalkApiError && GONE.has(err.errcode)) return undefined;
    throw err;
  }
}

/**
 * Reads DingTalk for a sync: the whole org the contact scope shows (BFS with listsub,
 * department/get, v2/user/list, roles), or, for events, only the named members (v2/user/get),
 * departments (v2/department/get) and roles. An event batch naming several members of one
 * department reads them with its v2/user/list pages where that takes fewer calls: at DingTalk's
 * 20 calls a second per API, one v2/user/get per member would apply at most 20 members a second.
 */
export class DingTalkSyncSource implements SyncSource {
  constructor(
    private readonly client: DingTalkClient,
    private readonly map: DingTalkMappers,
    private readonly options: { roles: boolean },
  ) {}

  callCount(): number {
    return this.client.stats.requests;
  }

  async fetch(scope: SyncScope, onProgress?: (p: SyncProgress) => void, pool?: PoolContext, sink?: MemberSink): Promise<UpstreamOrg> {
    if (scope === 'all') {
      // Each member is mapped and handed over once all its departments listed it: the engine
      // keeps a brief copy of one the pool has exactly, or stages it (a large org is not held whole).
      const org = await readDingTalkOrganization(this.client, {
        roles: this.options.roles,
        onProgress: (done, total) => onProgress?.({ phase: 'fetch', done, total }),
        keep: (m) => {
          const member = this.map.member(m);
          return sink ? sink.member(member) : member;
        },
      });
      const members = [...org.members.values()];
      org.members.clear();
      return { depts: org.departments.map((d) => this.map.dept(d)), members, tags: org.roles.map(roleAsTag) };
    }
    const [members, depts, roles] = await Promise.all([
      readMembersByDepartment(
        {
          get: (id) => unlessGone(this.client.users.get(id)),
          list: (dept) => unlessGone(this.client.users.list(Number(dept))),
          idOf: (m) => m.userid,
          listCost: (members) => Math.max(1, Math.ceil(members / USER_PAGE_SIZE)),
          // Each API has its own 20 QPS: the plan evens out lists and gets, so both finish together.
          balance: 'time',
        },
        scope.members ?? [],
        pool,
        scope.memberDepts,
      ),
      Promise.all((scope.depts ?? []).map((id) => unlessGone(this.client.departments.get(Number(id))))),
      this.options.roles && (scope.tags === 'all' || scope.tags?.length) ? this.readRoles(scope.tags) : Promise.resolve([]),
    ]);
    return {
      members: members.filter((m): m is DingTalkMember => !!m).map((m) => this.map.member(m)),
      depts: depts.filter((d): d is DingTalkDept => !!d).map((d) => this.map.dept(d)),
      tags: roles.map(roleAsTag),
    };
  }

  /** The roles named (or all), each with its members. */
  private async readRoles(ids: string[] | 'all' | undefined): Promise<DingTalkOrgRole[]> {
    const wanted = ids === 'all' ? undefined : new Set(ids);
    const groups = await this.client.roles.list();
    const roles = groups.flatMap((g) => g.roles.map((r) => ({ id: r.id, name: r.name, groupId: g.groupId, groupName: g.name })));
    return Promise.all(
      roles
        .filter((r) => !wanted || wanted.has(String(r.id)))
        .map(async (r) => ({ ...r, userids: (await this.client.roles.members(r.id)).map((u) => u.userid) })),
    );
  }
}
