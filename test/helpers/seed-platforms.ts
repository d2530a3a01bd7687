import { loadApp, type App } from '@jitkit/core';
import { ddSimAppEnv, startDingTalkSim } from '@jitkit/dingtalk-sim';
import { createTestDatabase, DEMO_DINGTALK } from '@jitkit/testing';
import { demoAppDir, demoFixture } from './demo-fixture.js';

export interface SeedFixture {
  app: App;
  /** The upstream secret nothing printed may hold. */
  secret: string;
  /** Adds a member to the upstream org, in its root department. */
  createMember(userid: string): Promise<void>;
  close(): Promise<void>;
}

/** A corp of apps/demo the seed's examples run on, and what they print for it. */
export interface SeedPlatform {
  corp: string;
  upstream: string;
  title: string;
  rootName: string;
  corpId: string;
  agentId: string;
  schedule: string;
  open(): Promise<SeedFixture>;
}

/** 80 generated members in 12 departments, on either side, so the examples' counts are the same. */
export const SEED_PLATFORMS: SeedPlatform[] = [
  {
    corp: 'corps.MyQywxCorp',
    upstream: 'WeCom',
    title: 'My WeCom Organization',
    rootName: '示例科技有限公司',
    corpId: 'ww1234567890abcdef',
    agentId: '1000001',
    schedule: '0 * * * *',
    async open() {
      const f = await demoFixture();
      return {
        app: f.app,
        secret: f.sim.secret,
        createMember: async (userid) => void (await f.sim.control.org('user/create', { userid, name: userid, department: [1], status: 1 })),
        close: f.close,
      };
    },
  },
  {
    corp: 'corps.MyDDCorp',
    upstream: 'DingTalk',
    title: 'My DingTalk Organization',
    rootName: '示例钉钉科技有限公司',
    corpId: DEMO_DINGTALK.corpId,
    agentId: DEMO_DINGTALK.agentId,
    schedule: '30 * * * *',
    async open() {
      const sim = await startDingTalkSim({ ...DEMO_DINGTALK, users: 80, depts: 12, qps: 100_000 });
      const db = await createTestDatabase('sqlite');
      const app = await loadApp(demoAppDir, { env: { ...ddSimAppEnv(sim), JITKIT_LOG_LEVEL: 'silent' }, database: db.url });
      let n = 0;
      return {
        app,
        secret: sim.appSecret,
        createMember: async (userid) =>
          void (await sim.control.org('v2/user/create', {
            userid,
            name: userid,
            mobile: `1390000${String(++n).padStart(4, '0')}`,
            dept_id_list: '1',
          })),
        close: async () => {
          await app.close();
          await sim.close();
          await db.drop();
        },
      };
    },
  },
];
