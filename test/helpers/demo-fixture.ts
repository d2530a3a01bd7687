import { fileURLToPath } from 'node:url';
import { loadApp, type App } from '@jitkit/core';
import { createTestDatabase, type DbKind, type TestDatabase } from '@jitkit/testing';
import { startWeComSim, type WeComSim, type WeComSimOptions } from '@jitkit/wecom-sim';

export const demoAppDir = fileURLToPath(new URL('../../apps/demo', import.meta.url));
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** The env apps/demo reads, pointing corps.MyQywxCorp at an emulator. */
export function demoEnv(sim: WeComSim): Record<string, string> {
  return {
    WECOM_SECRET: sim.secret,
    WECOM_API_BASE: sim.url,
    WECOM_OAUTH_BASE: sim.url,
    WECOM_QR_LOGIN_BASE: sim.url,
    WECOM_CALLBACK_TOKEN: sim.token,
    WECOM_CALLBACK_AES_KEY: sim.encodingAESKey,
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
