// A DingTalk sync applies all of its changes or none: every fault the DingTalk emulator can
// inject on every API a sync reads, and a database error in the middle of the apply, leave the
// pool exactly as it was, on every database. (SIGKILL during apply is the engine's, tested with WeCom.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE, loadApp, type App } from '@jitkit/core';
import { poolChecksum, type Corp } from '@jitkit/corps';
import { startDingTalkSim, type DingTalkSim, type FaultRule } from '@jitkit/dingtalk-sim';
import { availability, createTestDatabase, dbTitle, DB_KINDS, type TestDatabase } from '@jitkit/testing';
import { breakApply } from './helpers/break-apply.js';
import { benchAppDir } from './helpers/bench-app.js';

const FAULTS: (Omit<FaultRule, 'times'> & { note: string })[] = [
  { api: 'gettoken', kind: 'errcode', errcode: 40096, note: 'appKey or appSecret refused' },
  { api: 'v2/department/listsub', kind: 'errcode', errcode: 60011, note: 'permission revoked (inside errcode 88)' },
  { api: 'v2/department/get', kind: 'http500', note: 'HTTP 500' },
  { api: 'v2/user/list', kind: 'errcode', errcode: -1, note: 'system busy beyond retries' },
  { api: 'v2/user/list', kind: 'errcode', errcode: 40035, note: 'bad parameter' },
  { api: 'v2/user/list', kind: 'drop', note: 'connection dropped' },
  { api: 'v2/user/list', kind: 'malformed', note: 'malformed JSON' },
  { api: 'v2/user/list', kind: 'truncated', note: 'truncated JSON' },
  { api: 'role/list', kind: 'http500', note: 'roles unreadable' },
  { api: 'role/simplelist', kind: 'errcode', errcode: 33011, note: 'a role vanished mid-read' },
];

for (const kind of DB_KINDS) {
  describe.skipIf(!availability(kind).available)(`a failed DingTalk sync changes nothing, on ${dbTitle(kind)}`, () => {
    let sim: DingTalkSim;
    let db: TestDatabase;
    let app: App;
    let corp: Corp;
    const checksum = () => poolChecksum(app.resolve(DATABASE));
    beforeAll(async () => {
      sim = await startDingTalkSim({ users: 300, depts: 30, seed: 21, qps: 100_000 });
      db = await createTestDatabase(kind);
      app = await loadApp(benchAppDir, {
        env: {
          CORP_ID: 'wwunused',
          AGENT_ID: '1',
          API_BASE: 'http://127.0.0.1:9',
          DD_APP_KEY: sim.appKey,
          DD_CORP_ID: sim.corpId,
          DD_APP_SECRET: sim.appSecret,
          DD_API_BASE: sim.url,
          JITKIT_LOG_LEVEL: 'silent',
        },
        database: db.url,
      });
      corp = app.getElement<Corp>('corps.DDCorpFast');
      await corp.initCorp();
      // Upstream moves on, so every sync below has real work to do.
      const users = (await sim.control.snapshot()).users;
      for (const u of users.slice(0, 30)) await sim.control.org('v2/user/update', { userid: u.userid, title: `新职位 ${u.userid}` });
      await sim.control.org('v2/user/delete', { userid: users[40]!.userid });
      await sim.control.org('v2/department/create', { name: '故障测试部', parent_id: 1 });
    });
    afterAll(async () => {
      await app?.close();
      await sim?.close();
      await db?.drop();
    });

    for (const f of FAULTS) {
      it(`${f.api}: ${f.note} (${f.kind}${f.errcode !== undefined ? ' ' + f.errcode : ''})`, async () => {
        const before = await checksum();
        // The client's token is cached; revoking it makes the sync call gettoken.
        if (f.api === 'gettoken') await sim.control.revokeToken();
        await sim.control.fault({ ...f, times: 100_000 } as FaultRule);
        const err = await corp.syncCorp().then(
          () => undefined,
          (e: unknown) => e as { code: string },
        );
        await sim.control.clearFaults();
        expect(err?.code).toMatch(/^DINGTALK_(API|PROTOCOL)$/);
        expect(await checksum()).toEqual(before);
        expect((await corp.listSyncRuns(1))[0]).toMatchObject({ status: 'failed' });
      });
    }

    it('a database error in the middle of the apply rolls every write back', async () => {
      const before = await checksum();
      const plan = await corp.syncCorp({ dryRun: true });
      const victim = plan.changes.filter((c) => c.kind === 'member.updated').at(-1)!;
      const restore = await breakApply(app.resolve(DATABASE), kind, victim.id);
      try {
        expect(await corp.syncCorp().catch((e: unknown) => e)).toMatchObject({ code: 'DATABASE_ERROR' });
      } finally {
        await restore();
      }
      expect(await checksum()).toEqual(before);
    });

    it('after the faults pass, the same sync applies completely', async () => {
      const r = await corp.syncCorp();
      expect(r.counts).toMatchObject({ membersUpdated: 30, membersResigned: 1, deptsCreated: 1 });
      expect((await corp.syncCorp({ dryRun: true })).changes).toEqual([]);
    });
  });
}
