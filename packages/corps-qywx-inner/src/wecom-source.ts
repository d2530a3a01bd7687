import type {
  SyncProgress,
  SyncScope,
  SyncSource,
  UpstreamDept,
  UpstreamMember,
  UpstreamOrg,
  UpstreamTag,
  WidenContext,
  PoolContext,
  MemberSink,
} from '@jitkit/corps';
import { widenScope } from './realtime/widen-scope.js';
import { readNamedMembers } from './realtime/read-members.js';
import { GONE_DEPT, unlessGone } from './unless-gone.js';
import { readOrganization, type WeComClient, type WeComDepartment, type WeComMember } from '@jitkit/wecom';
import { tagFromWeCom, WECOM_LEFT } from './mapping.js';

/** From this many departments, one department/list reads them (see readDepartments). */
const DEPTS_BY_LIST = 20;

export interface WeComMappers {
  member(m: WeComMember): UpstreamMember;
  dept(d: WeComDepartment): UpstreamDept;
}

/**
 * Reads WeCom for a sync: the whole visible org (department/list, user/list per department,
 * tags), or, for a callback event, only the named members, departments and tags
 * (user/list or user/get, department/get, tag/get), where "not found" and "out of range" mean gone.
 */
export class WeComSyncSource implements SyncSource {
  constructor(
    private readonly client: WeComClient,
    private readonly map: WeComMappers,
    private readonly options: { tags: boolean },
  ) {}

  callCount(): number {
    return this.client.stats.requests;
  }

  /** WeCom's rules for what an event batch must also re-read (see ./realtime/widen-scope.ts). */
  widenScope(ctx: WidenContext): Promise<Exclude<SyncScope, 'all'>> {
    return widenScope(ctx.db, ctx.corpId, this, ctx.scope, ctx.upstream, ctx.renames);
  }

  /**
   * Departments by id: department/get each, or, for many, one department/list of the whole visible
   * tree (the same fields; a department not in it is gone, as get's 60003 says). An event batch of
   * a bulk import names most departments: one call instead of a thousand.
   */
  private async readDepartments(ids: string[]): Promise<(WeComDepartment | undefined)[]> {
    if (ids.length < DEPTS_BY_LIST) return Promise.all(ids.map((id) => unlessGone(this.client.departments.get(Number(id)), GONE_DEPT)));
    const all = new Map((await this.client.departments.list()).map((d) => [String(d.id), d]));
    return ids.map((id) => all.get(id));
  }

  async fetch(scope: SyncScope, onProgress?: (p: SyncProgress) => void, pool?: PoolContext, sink?: MemberSink): Promise<UpstreamOrg> {
    if (scope === 'all') {
      // Mapped as each page arrives: the raw answers are never all held at once.
      const org = await readOrganization(this.client, {
        tags: this.options.tags,
        onProgress: (done, total) => onProgress?.({ phase: 'fetch', done, total }),
        keep: (m) => {
          if ((m.status ?? 1) === WECOM_LEFT) return undefined;
          const member = this.map.member(m);
          return sink ? sink.member(member) : member;
        },
      });
      const members = [...org.members.values()];
      org.members.clear();
      return { depts: org.departments.map((d) => this.map.dept(d)), members, tags: org.tags.map(tagFromWeCom) };
    }
    const [members, depts, tags] = await Promise.all([
      readNamedMembers(this.client, scope.members ?? [], pool, scope.memberDepts),
      this.readDepartments(scope.depts ?? []),
      Promise.all(
        (scope.tags === 'all' ? (await this.client.tags.list()).map((t) => String(t.tagid)) : (scope.tags ?? [])).map(
          async (id): Promise<UpstreamTag | undefined> => {
            const t = await unlessGone(this.client.tags.get(Number(id)), [40068]);
            return (
              t && tagFromWeCom({ tagid: Number(id), tagname: t.tagname, userids: t.userlist.map((u) => u.userid), partyIds: t.partylist })
            );
          },
        ),
      ),
    ]);
    return {
      members: members.filter((m): m is WeComMember => !!m && (m.status ?? 1) !== WECOM_LEFT).map((m) => this.map.member(m)),
      depts: depts.filter((d): d is WeComDepartment => !!d).map((d) => this.map.dept(d)),
      tags: tags.filter((t): t is UpstreamTag => !!t),
    };
  }
}
