/**
 * The environment an app reads to reach this emulator instead of DingTalk: the variables of
 * apps/demo's MyDDCorp.json (and of apps `jitkit new app` writes). The one place these names live.
 */
export function ddSimAppEnv(sim: {
  url: string;
  corpId: string;
  agentId: string;
  appKey: string;
  appSecret: string;
  token: string;
  aesKey: string;
}): Record<string, string> {
  return {
    DD_CORP_ID: sim.corpId,
    DD_AGENT_ID: sim.agentId,
    DD_APP_KEY: sim.appKey,
    DD_APP_SECRET: sim.appSecret,
    DD_API_BASE: sim.url,
    DD_API_V1_BASE: sim.url,
    DD_LOGIN_BASE: sim.url,
    DD_EVENT_TOKEN: sim.token,
    DD_EVENT_AES_KEY: sim.aesKey,
  };
}
