import type { SimCredentials } from './start.js';

/**
 * The environment an app reads to reach this emulator instead of WeCom: the variables of
 * apps/demo's config (and of the apps `jitkit new app` writes). The one place these names live.
 */
export function simAppEnv(sim: Pick<SimCredentials, 'url' | 'secret' | 'token' | 'encodingAESKey'>): Record<string, string> {
  return {
    WECOM_SECRET: sim.secret,
    WECOM_API_BASE: sim.url,
    WECOM_OAUTH_BASE: sim.url,
    WECOM_QR_LOGIN_BASE: sim.url,
    WECOM_CALLBACK_TOKEN: sim.token,
    WECOM_CALLBACK_AES_KEY: sim.encodingAESKey,
  };
}
