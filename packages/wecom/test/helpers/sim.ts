import { afterAll } from 'vitest';
import { startWeComSim, type WeComSim, type WeComSimOptions } from '@jitkit/wecom-sim';
import { WeComClient, type WeComClientOptions } from '@jitkit/wecom';
import type { Clock } from '@jitkit/core';

const open: { close(): Promise<void> }[] = [];
afterAll(async () => {
  await Promise.all(open.splice(0).map((x) => x.close()));
});

/** An emulator for this test file, closed after it. */
export async function sim(options: WeComSimOptions = {}): Promise<WeComSim> {
  const s = await startWeComSim(options);
  open.push(s);
  return s;
}

/** A client of the emulator: the app's secret by default, the contacts-sync one on request. */
export function client(s: WeComSim, options: Partial<WeComClientOptions> & { contacts?: boolean } = {}): WeComClient {
  const { contacts, ...rest } = options;
  const c = new WeComClient({
    corpId: s.corpId,
    secret: contacts ? s.contactSecret : s.secret,
    baseUrl: s.url,
    retry: { baseDelayMs: 5, maxDelayMs: 20 },
    ...rest,
  });
  open.push(c);
  return c;
}

/** A clock whose sleep moves time forward at once, so minute-long waits take no time. */
export function virtualClock(start = Date.now()): Clock & { slept: number[] } {
  let now = start;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      now += Math.max(0, ms);
      await new Promise((r) => setImmediate(r));
    },
  };
}

export async function rejection(p: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await p;
  } catch (err) {
    return err as Error & Record<string, unknown>;
  }
  throw new Error('expected the promise to reject');
}
