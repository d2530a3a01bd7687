import { Faults, randomToken, SimClock } from '@jitkit/sim-kit';
import { generateDtOrg } from './generator.js';
import type { DtUser } from './model.js';
import { DtOrg } from './org.js';
import { Pusher } from './push.js';
import { StreamGateway } from './stream-gateway.js';

export interface DtSimSettings {
  corpId: string;
  agentId: string;
  appKey: string;
  appSecret: string;
  token: string;
  aesKey: string;
  /** Calls per second per API before 90018 (DingTalk's is 20). */
  qps: number;
  /** The app's contact scope: these departments' subtrees (default: the whole org). */
  scope?: { depts: number[] };
  /** The personal-data permissions: 企业员工手机号信息 (mobile) and 邮箱等个人信息 (email and the like). */
  fields: { mobile: boolean; email: boolean };
  tokenLifetimeSeconds: number;
}

/** Everything one emulator knows: settings, org, tokens, limits, faults, the clock, pushes. */
export class DtSimState {
  readonly clock = new SimClock();
  readonly faults = new Faults();
  readonly calls = new Map<string, number>();
  readonly org: DtOrg;
  readonly pusher: Pusher;
  readonly stream: StreamGateway;
  /** Where the emulator listens (set once it does): the Stream endpoint is derived from it. */
  baseUrl = '';
  /** Who the login page signs in without asking (control.loginAs), if anyone. */
  loginAs?: string;
  private appToken?: { token: string; expiresAt: number };
  private readonly windows = new Map<string, number[]>();
  /** Login codes (web authCode and H5 code) and user tokens, single use / with a lifetime. */
  readonly codes = new Map<string, { userid: string; expiresAt: number; kind: 'web' | 'h5' }>();
  readonly userTokens = new Map<string, { userid: string; expiresAt: number }>();

  constructor(
    readonly settings: DtSimSettings,
    org: { users: number; depts: number; roles?: number; seed?: number; people?: { name: string; mobile: string }[] },
  ) {
    this.org = new DtOrg(generateDtOrg(org));
    this.pusher = new Pusher(this);
    this.stream = new StreamGateway(this);
  }

  /** The app token: the same one for repeat calls inside its lifetime (which each extend). */
  issueAppToken(): { token: string; expiresIn: number } {
    const now = this.clock.now();
    const life = this.settings.tokenLifetimeSeconds * 1000;
    if (!this.appToken || this.appToken.expiresAt <= now) this.appToken = { token: randomToken(32), expiresAt: now + life };
    else this.appToken.expiresAt = now + life;
    return { token: this.appToken.token, expiresIn: this.settings.tokenLifetimeSeconds };
  }

  /** 0: valid; otherwise the error code for the token given. */
  checkAppToken(token: string | undefined | null): 0 | 40000 | 40014 | 42001 {
    if (!token) return 40000;
    if (!this.appToken || token !== this.appToken.token) return 40014;
    return this.appToken.expiresAt > this.clock.now() ? 0 : 42001;
  }

  /** Drops the current app token (as DingTalk does when the secret is reset). */
  revokeAppToken(): void {
    this.appToken = undefined;
  }

  /** Counts a call against the per-API QPS window; false when over the limit. */
  takeQps(api: string): boolean {
    const now = this.clock.now();
    const list = (this.windows.get(api) ?? []).filter((t) => t > now - 1000);
    this.windows.set(api, list);
    if (list.length >= this.settings.qps) return false;
    list.push(now);
    return true;
  }

  inScopeDept(deptId: number): boolean {
    const scope = this.settings.scope;
    if (!scope) return this.org.depts.has(deptId);
    for (let d: number | undefined = deptId; d !== undefined; d = this.org.depts.get(d)?.parent_id)
      if (scope.depts.includes(d)) return true;
    return false;
  }

  inScopeUser(u: DtUser): boolean {
    return u.dept_id_list.some((d) => this.inScopeDept(d));
  }
}
