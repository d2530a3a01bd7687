import type { CallbackSettings, Delivery } from './callbacks/dispatcher.js';
import { controlRequest, type FaultRule } from '@jitkit/sim-kit';
import type { RateLimitSettings } from './limits/rate-limits.js';
import type { MutationReport } from './generator/mutate.js';
import type { LoginChoice } from './oauth.js';
import type { AgentSettings } from './state.js';
import type { SimDepartment, SimUser } from './org/model.js';

export interface SimSnapshot {
  departments: (SimDepartment & { department_leader: string[] })[];
  users: SimUser[];
  tags: { tagid: number; tagname: string; users: string[]; parties: number[] }[];
}

export interface SimInfo {
  corpId: string;
  agentId: string;
  departments: number;
  users: number;
  tags: number;
  version: number;
  connections: number;
  now: number;
  trustedDomains: string[];
  /** Peak resident memory of the emulator's process, in MB. */
  rssMB: number;
}

/** Control POSTs that set a value or read one: sending one twice does what sending it once does. */
const REPEATABLE = new Set(['stats/reset', 'latency', 'limits', 'limits/reset', 'app', 'callback', 'callback/drain', 'oauth/login-as']);

/**
 * The emulator's control API over HTTP, so tests and benchmarks can drive an emulator in this
 * process or in another one the same way.
 */
export class SimControl {
  constructor(readonly baseUrl: string) {}

  private call<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
    return controlRequest<T>({ baseUrl: this.baseUrl, label: 'emulator control', method, path, body, idempotent: REPEATABLE.has(path) });
  }

  info(): Promise<SimInfo> {
    return this.call('GET', 'info');
  }
  stats(): Promise<{ connections: number; total: number; byApi: Record<string, number> }> {
    return this.call('GET', 'stats');
  }
  resetStats(): Promise<void> {
    return this.call('POST', 'stats/reset', {});
  }
  /** The next `times` calls of `api` ('*' for any) fail as `kind` says. */
  fault(rule: FaultRule): Promise<void> {
    return this.call('POST', 'faults', rule);
  }
  clearFaults(): Promise<void> {
    return this.call('DELETE', 'faults');
  }
  latency(ms: number, api?: string): Promise<void> {
    return this.call('POST', 'latency', { ms, api });
  }
  advanceClock(ms: number): Promise<{ now: number }> {
    return this.call('POST', 'clock/advance', { ms });
  }
  revokeTokens(): Promise<{ revoked: number }> {
    return this.call('POST', 'tokens/revoke', {});
  }
  setLimits(limits: Partial<RateLimitSettings>): Promise<RateLimitSettings> {
    return this.call('POST', 'limits', limits);
  }
  resetLimits(): Promise<void> {
    return this.call('POST', 'limits/reset', {});
  }
  configureApp(settings: Partial<AgentSettings>): Promise<AgentSettings> {
    return this.call('POST', 'app', settings);
  }
  setCallback(settings: Partial<CallbackSettings> & { url: string }): Promise<void> {
    return this.call('POST', 'callback', settings);
  }
  clearCallback(): Promise<void> {
    return this.call('DELETE', 'callback');
  }
  /** Waits until every queued event was delivered or given up on. */
  drainCallbacks(): Promise<{ delivered: number; failed: number }> {
    return this.call('POST', 'callback/drain', {});
  }
  async deliveries(): Promise<Delivery[]> {
    return (await this.call<{ deliveries: Delivery[] }>('GET', 'callback/deliveries')).deliveries;
  }
  /** Who the next logins are (sticky until changed); undefined shows the chooser page. */
  loginAs(choice: LoginChoice | undefined): Promise<void> {
    return this.call('POST', 'oauth/login-as', choice ?? {});
  }
  async issueCode(userid: string, scope = 'snsapi_base'): Promise<string> {
    return (await this.call<{ code: string }>('POST', 'oauth/code', { userid, scope })).code;
  }
  snapshot(): Promise<SimSnapshot> {
    return this.call('GET', 'org/snapshot');
  }
  mutate(share: number, seed = 1): Promise<MutationReport> {
    return this.call('POST', 'org/mutate', { share, seed });
  }
  /** Runs a WeCom write API as the corp admin would in the console: `org('user/update', {...})`. */
  org(api: string, body: Record<string, unknown>): Promise<{ errcode: number; errmsg: string } & Record<string, unknown>> {
    return this.call('POST', `org/${api}`, body);
  }
}
