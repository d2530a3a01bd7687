import { fileURLToPath } from 'node:url';
import { loadApp, type App } from '@jitkit/core';
import { startDingTalkSim, type DingTalkSim, type DingTalkSimOptions } from '@jitkit/dingtalk-sim';
import { createTestDatabase, type DbKind, type TestDatabase } from '@jitkit/testing';
import type { DDInnerType } from '@jitkit/corps-dd-inner';

export const fixtureApp = fileURLToPath(new URL('./fixtures/app/', import.meta.url));

export interface DDFixture {
  sim: DingTalkSim;
  app: App;
  corp: DDInnerType;
  db: TestDatabase;
  env: Record<string, string>;
  close(): Promise<void>;
}

/** The variables the test app's TestDDCorp.json reads, for an emulator. */
export function ddEnv(sim: DingTalkSim, extra: Record<string, string> = {}): Record<string, string> {
  return {
    DD_CORP_ID: sim.corpId,
    DD_AGENT_ID: sim.agentId,
    DD_APP_KEY: sim.appKey,
    DD_APP_SECRET: sim.appSecret,
    DD_API_BASE: sim.url,
    DD_TOKEN: sim.token,
    DD_AES_KEY: sim.aesKey,
    JITKIT_LOG_LEVEL: 'silent',
    ...extra,
  };
}

/** A DingTalk emulator with a generated org, the test app pointed at it, and a fresh database. */
export async function ddFixture(kind: DbKind, options: DingTalkSimOptions = {}, extraEnv: Record<string, string> = {}): Promise<DDFixture> {
  const sim = await startDingTalkSim({ users: 60, depts: 12, seed: 5, qps: 1000, ...options });
  const db = await createTestDatabase(kind);
  const env = ddEnv(sim, extraEnv);
  const app = await loadApp(fixtureApp, { env, database: db.url });
  return {
    sim,
    db,
    env,
    app,
    corp: app.getElement<DDInnerType>('corps.TestDDCorp'),
    close: async () => {
      await app.close();
      await sim.close();
      await db.drop();
    },
  };
}
