import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadApp, type App } from '@jitkit/core';
import { createTestDatabase, type DbKind, type TestDatabase } from '@jitkit/testing';
import { startWeComSim, type WeComSim, type WeComSimOptions } from '@jitkit/wecom-sim';
import type { QywxInnerType } from '@jitkit/corps-qywx-inner';

export const fixtureApp = fileURLToPath(new URL('./fixtures/app/', import.meta.url));

export interface CorpFixture {
  sim: WeComSim;
  app: App;
  corp: QywxInnerType;
  db: TestDatabase;
  env: Record<string, string>;
  /** A second app on the same database (another process would be the same). */
  reopen(): Promise<{ app: App; corp: QywxInnerType }>;
  close(): Promise<void>;
}

/** An emulator with a generated org, the test app pointed at it, and a fresh database. */
export async function corpFixture(kind: DbKind, options: WeComSimOptions = {}, appDir = fixtureApp): Promise<CorpFixture> {
  const sim = await startWeComSim({ users: 60, depts: 20, tags: 3, seed: 5, ...options });
  const db = await createTestDatabase(kind);
  const env = { CORP_ID: sim.corpId, AGENT_ID: sim.agentId, SECRET: sim.secret, API_BASE: sim.url, JITKIT_LOG_LEVEL: 'silent' };
  const apps: App[] = [];
  const open = async () => {
    const app = await loadApp(appDir, { env, database: db.url });
    apps.push(app);
    return { app, corp: app.getElement<QywxInnerType>('corps.TestCorp') };
  };
  const first = await open();
  return {
    sim,
    db,
    env,
    ...first,
    reopen: open,
    close: async () => {
      for (const a of apps) await a.close();
      await sim.close();
      await db.drop();
    },
  };
}

export const demoApp = path.resolve(fixtureApp, '../../../../../apps/demo');
