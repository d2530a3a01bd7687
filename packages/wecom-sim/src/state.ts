import { CallbackDispatcher, type CallbackSettings } from './callbacks/dispatcher.js';
import { SimClock } from '@jitkit/sim-kit';
import { Faults } from '@jitkit/sim-kit';
import { RateLimits, type RateLimitSettings } from './limits/rate-limits.js';
import { OAuthState } from './oauth.js';
import { Org } from './org/org.js';
import { ViewCache, type VisibleRange } from './org/visibility.js';
import { TokenService } from './tokens.js';

/** One of the corp's secrets: the self-built app's, or the contacts-sync (通讯录同步) one. */
export interface SimApp {
  kind: 'agent' | 'contacts';
  secret: string;
  view: ViewCache;
}

export interface AgentSettings {
  visibleRange: VisibleRange;
  /** Apps created after 2022-06-20 lose the sensitive member fields and need trusted IPs. */
  createdAfter20220620: boolean;
  /** Only checked for apps created after 2022-06-20; others may call from anywhere. */
  trustedIps?: string[];
}

export interface SimStateOptions {
  corpId: string;
  corpName: string;
  agentId: string;
  secret: string;
  contactSecret: string;
  agent: AgentSettings;
  limits: RateLimitSettings;
  tokenLifetimeMs: number;
  trustedDomains: string[];
  /** The app's callback Token and EncodingAESKey (used when a callback URL is configured). */
  callbackToken: string;
  encodingAESKey: string;
  callback?: CallbackSettings;
}

/** Everything the emulator knows; the HTTP layer only translates requests into calls on it. */
export class SimState {
  readonly clock = new SimClock();
  readonly org: Org;
  readonly agent: SimApp;
  readonly contacts: SimApp;
  agentSettings: AgentSettings;
  readonly tokens: TokenService<SimApp>;
  readonly tickets: TokenService<'jsapi' | 'agent_config'>;
  readonly limits: RateLimits;
  readonly faults = new Faults();
  readonly oauth: OAuthState;
  readonly callbacks: CallbackDispatcher;
  readonly calls = new Map<string, number>();
  /** TCP connections accepted, to show whether clients keep connections alive. */
  connections = 0;
  readonly trustedDomains: string[];

  constructor(readonly options: SimStateOptions) {
    this.org = new Org(options.corpName);
    this.agentSettings = options.agent;
    this.agent = { kind: 'agent', secret: options.secret, view: this.agentView() };
    this.contacts = { kind: 'contacts', secret: options.contactSecret, view: new ViewCache(this.org, 'all', false) };
    this.tokens = new TokenService(this.clock, options.tokenLifetimeMs);
    this.tickets = new TokenService(this.clock, 7_200_000, 86);
    this.limits = new RateLimits(this.clock, options.limits);
    this.oauth = new OAuthState(this.clock, this.org);
    this.trustedDomains = options.trustedDomains;
    this.callbacks = new CallbackDispatcher(options.corpId, options.agentId, this.org, this.clock, () => this.agent.view);
    this.callbacks.configure(options.callback);
  }

  private agentView(): ViewCache {
    return new ViewCache(this.org, this.agentSettings.visibleRange, this.agentSettings.createdAfter20220620);
  }

  /** Changes the self-built app's settings (visible range, creation date, trusted IPs). */
  configureAgent(settings: Partial<AgentSettings>): void {
    this.agentSettings = { ...this.agentSettings, ...settings };
    this.agent.view = this.agentView();
    this.org.version++;
  }

  appBySecret(secret: string): SimApp | undefined {
    if (secret === this.options.secret) return this.agent;
    if (secret === this.options.contactSecret) return this.contacts;
    return undefined;
  }

  countCall(api: string): void {
    this.calls.set(api, (this.calls.get(api) ?? 0) + 1);
  }
}
