import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { CallbackSettings } from './callbacks/dispatcher.js';
import { SimControl } from './control-client.js';
import { generateOrg } from './generator/generate-org.js';
import { WECOM_LIMITS, type RateLimitSettings } from './limits/rate-limits.js';
import type { VisibleRange } from './org/visibility.js';
import { randomToken } from '@jitkit/sim-kit';
import { createSimServer } from './server.js';
import { SimState } from './state.js';

export interface WeComSimOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  corpId?: string;
  corpName?: string;
  agentId?: string;
  /** The self-built app's secret (its visible range applies). */
  secret?: string;
  /** The contacts-sync secret (通讯录同步): sees everything, may write, may call list_id. */
  contactSecret?: string;
  /** Size of the generated org. */
  users?: number;
  depts?: number;
  tags?: number;
  seed?: number;
  /** Where to push change_contact events, and the app's callback Token and EncodingAESKey. */
  callbackUrl?: string;
  token?: string;
  encodingAESKey?: string;
  callback?: Omit<CallbackSettings, 'url' | 'token' | 'encodingAESKey'>;
  visibleRange?: VisibleRange;
  /** The 2022-06-20 rules: no sensitive member fields, trusted IPs enforced. */
  appCreatedAfter20220620?: boolean;
  trustedIps?: string[];
  limits?: Partial<RateLimitSettings>;
  tokenLifetimeSeconds?: number;
  /** Hosts allowed in OAuth redirect_uri (default: loopback names). */
  trustedDomains?: string[];
}

/** Where an emulator is and the credentials it accepts. */
export interface SimCredentials {
  url: string;
  corpId: string;
  agentId: string;
  secret: string;
  contactSecret: string;
  token: string;
  encodingAESKey: string;
}

export interface WeComSim extends SimCredentials {
  control: SimControl;
  /** Direct access to the emulator's state, for tests in the same process. */
  state: SimState;
  close(): Promise<void>;
}

/** Starts a WeCom emulator on loopback with a generated org. */
export async function startWeComSim(options: WeComSimOptions = {}): Promise<WeComSim> {
  const corpId = options.corpId ?? `ww${randomBytes(8).toString('hex')}`;
  const agentId = options.agentId ?? '1000002';
  const secret = options.secret ?? randomToken(43);
  const contactSecret = options.contactSecret ?? randomToken(43);
  const token = options.token ?? randomToken(32);
  const encodingAESKey = options.encodingAESKey ?? randomToken(43);
  const state = new SimState({
    corpId,
    corpName: options.corpName ?? '示例科技有限公司',
    agentId,
    secret,
    contactSecret,
    agent: {
      visibleRange: options.visibleRange ?? { departments: [1] },
      createdAfter20220620: options.appCreatedAfter20220620 ?? false,
      trustedIps: options.trustedIps,
    },
    limits: { ...WECOM_LIMITS, ...options.limits },
    tokenLifetimeMs: (options.tokenLifetimeSeconds ?? 7200) * 1000,
    trustedDomains: options.trustedDomains ?? ['127.0.0.1', 'localhost', '::1', '[::1]'],
    callbackToken: token,
    encodingAESKey,
    callback: options.callbackUrl ? { ...options.callback, url: options.callbackUrl, token, encodingAESKey } : undefined,
  });
  const org = generateOrg({
    users: options.users ?? 50,
    depts: options.depts ?? 8,
    tags: options.tags,
    seed: options.seed ?? 1,
    corpName: options.corpName,
  });
  state.org.load(org.depts, org.users, org.tags);
  state.org.creatorUserid = org.users[0]?.userid;

  const { server, hung } = createSimServer(state);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${options.host ?? '127.0.0.1'}:${port}`;
  let closed = false;
  return {
    url,
    corpId,
    agentId,
    secret,
    contactSecret,
    token,
    encodingAESKey,
    control: new SimControl(url),
    state,
    close: async () => {
      if (closed) return;
      closed = true;
      state.callbacks.close();
      for (const res of hung) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** What `jitkit sim` prints: where the emulator is and the credentials it accepts. */
export function describeSim(sim: SimCredentials, counts: { users: number; depts: number }): string {
  return [
    `WeCom emulator listening on ${sim.url}`,
    `  org            ${counts.users} members, ${counts.depts} departments`,
    `  corpId         ${sim.corpId}`,
    `  agentId        ${sim.agentId}`,
    `  secret         ${sim.secret}   (the self-built app)`,
    `  contactSecret  ${sim.contactSecret}   (contacts sync: list_id and writes)`,
    `  callback token ${sim.token}`,
    `  EncodingAESKey ${sim.encodingAESKey}`,
    `  control API    ${sim.url}/__sim/info`,
  ].join('\n');
}
