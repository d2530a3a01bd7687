import type { SimPlatform } from '@jitkit/sim-kit';
import { simAppEnv } from './app-env.js';
import { describeSim, startWeComSim, type SimCredentials } from './start.js';

/** The WeCom emulator as `jitkit sim --platform wecom` runs it. */
export const simPlatform: SimPlatform = {
  name: 'wecom',
  title: 'WeCom',
  pidVariable: 'JITKIT_SIM_PID',
  async start(o) {
    const sim = await startWeComSim({
      port: o.port,
      users: o.users,
      depts: o.depts,
      tags: o.groups,
      seed: o.seed,
      corpId: o.corpId,
      agentId: o.agentId,
    });
    const counts = { users: sim.state.org.users.size, depts: sim.state.org.depts.size };
    const { url, corpId, agentId, secret, contactSecret, token, encodingAESKey } = sim;
    return {
      url,
      describe: () => describeSim(sim, counts),
      info: () => ({ platform: 'wecom', url, corpId, agentId, secret, contactSecret, token, encodingAESKey, ...counts }),
      close: () => sim.close(),
    };
  },
  appEnv: (info) => simAppEnv(info as unknown as SimCredentials),
};
