import { fileURLToPath } from 'node:url';
import { loadApp, type App } from '@jitkit/core';
import { createTestDatabase, type DbKind, type TestDatabase } from '@jitkit/testing';
import { startWeComSim, type WeComSim, type WeComSimOptions, simAppEnv } from '@jitkit/wecom-sim';

export const demoAppDir = fileURLToPath(new URL('../../apps/demo', import.meta.url));
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** The env apps/demo reads, pointing corps.MyQywxCorp at an emulator. */
export function demoEnv(sim: WeComSim): Record<string, string> {
  return {
    ...simAppEnv(sim),
    JITKIT_LOG_LEVEL: 'silent',
  };
}

/** An emulator with the seed's corpId/agentId, apps/demo loaded against it, a fresh database. */
export async function demoFixture(
  kind: DbKind = 'sqlite',
  options: WeComSimOptions = {},
): Promise<{ sim: WeComSim; db: TestDatabase; app: App; close(): Promise<void> }> {
  const sim = await startWeComSim({ corpId: 'ww1234567890abcdef', agentId: '1000001', users: 80, depts: 12, ...options });
  const db = await createTestDatabase(kind);
  const app = await loadApp(demoAppDir, { env: demoEnv(sim), database: db.url });
  return {
    sim,
    db,
    app,
    close: async () => {
      await app.close();
      await sim.close();
      await db.drop();
    },
  };
}
