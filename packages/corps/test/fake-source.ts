import { createDatabase, MemoryLogger, parseDatabaseUrl, systemClock } from '@jitkit/core';
import {
  PoolStore,
  type MemberSink,
  runSync,
  type RunSyncOptions,
  type SyncReport,
  type SyncScope,
  type SyncSource,
  type UpstreamDept,
  type UpstreamMember,
  type UpstreamOrg,
} from '@jitkit/corps';
import { createTestDatabase, type DbKind } from '@jitkit/testing';
import type { Knex } from 'knex';
import { ensureCorp } from '../src/pool/corp-records.js';

/** An org kept in memory, for engine tests that need no emulator: edit it, then sync. */
export class FakeDirectory implements SyncSource {
  depts = new Map<string, UpstreamDept>();
  members = new Map<string, UpstreamMember>();
  reads = 0;
  /** Hand members over only once the engine has read the pool (so it can keep unchanged ones brief). */
  waitForPool = false;
  /** The members the last full read kept, as the engine handed them back. */
  handedBack: UpstreamMember[] = [];

  constructor(deptCount: number, membersPerDept: number) {
    this.depts.set('1', { externalId: '1', name: '总部', parentExternalId: null, order: 0, leaders: [] });
    for (let d = 2; d <= deptCount + 1; d++)
      this.depts.set(String(d), { externalId: String(d), name: `部门${d}`, parentExternalId: '1', order: d, leaders: [] });
    let n = 0;
    for (let d = 2; d <= deptCount + 1; d++) {
      for (let i = 0; i < membersPerDept; i++, n++) this.addMember(`u${n}`, `成员${n}`, String(d), `1380000${String(n).padStart(4, '0')}`);
    }
  }

  addMember(id: string, name: string, dept: string, mobile?: string): UpstreamMember {
    const m: UpstreamMember = {
      externalId: id,
      name,
      position: '',
      ...(mobile ? { mobile } : {}),
      upstreamStatus: 1,
      enabled: true,
      memberships: [{ deptExternalId: dept, isLeader: false, order: 0 }],
      mainDeptExternalId: dept,
      directLeaders: [],
    };
    this.members.set(id, m);
    return m;
  }

  /** The whole org, or (a targeted read, as for events) only the members and departments the scope names. */
  async fetch(scope: SyncScope = 'all', _progress?: unknown, _pool?: unknown, sink?: MemberSink): Promise<UpstreamOrg> {
    this.reads++;
    const pick = <T>(map: Map<string, T>, ids: string[] | 'all' | undefined) =>
      scope === 'all' || ids === 'all' ? [...map.values()] : (ids ?? []).flatMap((id) => (map.has(id) ? [map.get(id)!] : []));
    // Copies: the engine must never depend on the source keeping its objects.
    const org = structuredClone({
      depts: pick(this.depts, scope === 'all' ? 'all' : scope.depts),
      members: pick(this.members, scope === 'all' ? 'all' : scope.members),
      tags: [],
    });
    // As a real full read does: each member handed over once final, to be fingerprinted early
    // (and kept brief where the pool has it exactly); with `waitForPool`, after the pool is read.
    if (scope === 'all' && sink) {
      if (this.waitForPool) await sink.ready();
      org.members = org.members.map((m) => sink.member(m));
      this.handedBack = org.members;
    }
    return org;
  }

  callCount(): number {
    return this.reads;
  }
}

export interface FakePool {
  knex: Knex;
  corpId: number;
  /** One run of the engine for the corp `corps.Fake` from `source`. */
  sync(source: SyncSource, options?: RunSyncOptions): Promise<SyncReport>;
  close(): Promise<void>;
}

/** A fresh database with the pool migrated and one corp, `corps.Fake`, rooted at department 1. */
export async function fakePool(kind: DbKind): Promise<FakePool> {
  const db = await createTestDatabase(kind);
  const knex = createDatabase(parseDatabaseUrl(db.url, process.cwd()));
  await PoolStore.for(knex).ready();
  const corp = await ensureCorp(knex, {
    fullName: 'corps.Fake',
    title: '总部',
    type: 'corps.FakeType',
    externalId: null,
    rootDeptId: '1',
    now: Date.now(),
  });
  return {
    knex,
    corpId: corp.id,
    sync: (source, options = {}) =>
      runSync(
        { store: PoolStore.for(knex), clock: systemClock, logger: new MemoryLogger('warn') },
        { corpId: corp.id, fullName: 'corps.Fake', rootDeptId: '1' },
        source,
        options,
      ),
    close: async () => {
      await knex.destroy();
      await db.drop();
    },
  };
}
