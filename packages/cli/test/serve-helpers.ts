import { fileURLToPath } from 'node:url';
import { DATABASE, LOGGER, MemoryLogger, loadApp, type App } from '@jitkit/core';
import { poolChecksum, type Corp } from '@jitkit/corps';
import type { QywxInnerType } from '@jitkit/corps-qywx-inner';
import { createTestDatabase, DEMO_DINGTALK, type TestDatabase } from '@jitkit/testing';
import { ddSimAppEnv, startDingTalkSim, type DingTalkSim } from '@jitkit/dingtalk-sim';
import { startWeComSim, type WeComSim, type WeComSimOptions, simAppEnv } from '@jitkit/wecom-sim';
import { createServer, type Served, type ServeOptions } from '../src/serve/server.js';

export const demoApp = fileURLToPath(new URL('../../../apps/demo', import.meta.url));

export interface ServeFixture {
  sim: WeComSim;
  /** The demo's DingTalk corp's emulator (corps.MyDDCorp, Stream mode). */
  dd: DingTalkSim;
  db: TestDatabase;
  app: App;
  corp: QywxInnerType;
  served: Served;
  url: string;
  logger: MemoryLogger;
  checksum(): Promise<Record<string, string>>;
  /** Waits until every event the emulator pushed was applied. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

/** The demo app served on loopback, its corp synced, the emulator pushing callbacks to it. */
export async function serveFixture(
  simOptions: WeComSimOptions = {},
  serveOptions: ServeOptions = {},
  env: Record<string, string> = {},
  database?: { db: TestDatabase; url: string },
  appDir = demoApp,
): Promise<ServeFixture> {
  const sim = await startWeComSim({
    corpId: 'ww1234567890abcdef',
    agentId: '1000001',
    users: 60,
    depts: 12,
    tags: 4,
    seed: 31,
    ...simOptions,
  });
  const dd = await startDingTalkSim({ ...DEMO_DINGTALK, users: 12, depts: 3, qps: 1000 });
  const db = database?.db ?? (await createTestDatabase('sqlite'));
  const logger = new MemoryLogger('debug');
  const app = await loadApp(appDir, {
    env: {
      ...simAppEnv(sim),
      ...ddSimAppEnv(dd),
      ...env,
    },
    database: database?.url ?? db.url,
    services: (a) => a.register(LOGGER, { useValue: logger }),
  });
  const corp = app.getElement<QywxInnerType>('corps.MyQywxCorp');
  await corp.initCorp();
  // The DingTalk corp is synced too, so serve starts no first sync that would write during a test.
  await app.getElement<Corp>('corps.MyDDCorp').initCorp();
  const served = await createServer(app, { schedule: false, realtimeOptions: { pollMs: 50 }, ...serveOptions });
  const url = await served.listen(0, '127.0.0.1');
  await sim.control.setCallback({ url: `${url}/wecom/callback/MyQywxCorp`, retryDelayMs: 20 });
  const settle = async () => {
    await sim.control.drainCallbacks();
    const db = app.resolve(DATABASE);
    for (let i = 0; i < 400; i++) {
      const pending = Number((await db('jk_events').whereNull('applied_at').count<{ n: number }[]>({ n: '*' }))[0]!.n);
      if (pending === 0) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error('events were not applied in time');
  };
  return {
    sim,
    dd,
    db,
    app,
    corp,
    served,
    url,
    logger,
    checksum: () => poolChecksum(app.resolve(DATABASE)),
    settle,
    close: async () => {
      await served.close();
      await app.close();
      await sim.close();
      await dd.close();
      await db.drop();
    },
  };
}

/** A tiny cookie jar for following the login redirects by hand. */
export class Browser {
  private readonly cookies = new Map<string, string>();

  async get(url: string): Promise<Response> {
    const res = await fetch(url, {
      redirect: 'manual',
      headers: this.cookies.size ? { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {},
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [k, v] = pair!.split('=');
      if (/Expires=Thu, 01 Jan 1970/i.test(c) || /Max-Age=0/i.test(c)) this.cookies.delete(k!);
      else this.cookies.set(k!, v!);
    }
    return res;
  }

  /** Follows redirects (across the emulator and the server), returning the last response. */
  async follow(url: string, max = 10): Promise<{ res: Response; visited: string[] }> {
    const visited: string[] = [];
    let next = url;
    for (let i = 0; i < max; i++) {
      visited.push(next);
      const res = await this.get(next);
      const location = res.headers.get('location');
      if (res.status < 300 || res.status >= 400 || !location) return { res, visited };
      next = new URL(location, next).toString();
    }
    throw new Error('too many redirects');
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }
}
