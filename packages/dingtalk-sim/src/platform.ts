import type { SimPlatform } from '@jitkit/sim-kit';
import { ddSimAppEnv } from './app-env.js';
import { startDingTalkSim, type DingTalkSim } from './start.js';

export function describeDingTalkSim(sim: DingTalkSim): string {
  const org = sim.state.org;
  return [
    `DingTalk emulator listening on ${sim.url} (legacy API, v1.0, login page, Stream gateway)`,
    `  org            ${org.users.size} members, ${org.depts.size} departments, ${org.roles.size} roles`,
    `  corpId         ${sim.corpId}`,
    `  agentId        ${sim.agentId}`,
    `  appKey         ${sim.appKey}`,
    `  appSecret      ${sim.appSecret}`,
    `  event token    ${sim.token}`,
    `  aes_key        ${sim.aesKey}`,
    `  control API    ${sim.url}/__sim/info`,
  ].join('\n');
}

/** The DingTalk emulator as `jitkit sim --platform dingtalk` runs it. */
export const simPlatform: SimPlatform = {
  name: 'dingtalk',
  title: 'DingTalk',
  pidVariable: 'JITKIT_DD_SIM_PID',
  async start(o) {
    const sim = await startDingTalkSim({
      port: o.port,
      users: o.users,
      depts: o.depts,
      roles: o.groups,
      seed: o.seed,
      corpId: o.corpId,
      agentId: o.agentId,
    });
    const { url, corpId, agentId, appKey, appSecret, token, aesKey } = sim;
    return {
      url,
      describe: () => describeDingTalkSim(sim),
      info: () => ({
        platform: 'dingtalk',
        url,
        corpId,
        agentId,
        appKey,
        appSecret,
        token,
        aesKey,
        users: sim.state.org.users.size,
        depts: sim.state.org.depts.size,
      }),
      close: () => sim.close(),
    };
  },
  appEnv: (info) => ddSimAppEnv(info as unknown as DingTalkSim),
};
