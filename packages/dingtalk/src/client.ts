import { createHash } from 'node:crypto';
import { Agent, type Dispatcher } from 'undici';
import {
  backoffDelay,
  CachedValue,
  DEFAULT_RETRY,
  JitError,
  MemoryTokenStore,
  NetworkError,
  registerSecret,
  revealSecret,
  Semaphore,
  send,
  systemClock,
  type Clock,
  type Logger,
  type RetryPolicy,
  type Secret,
  type TokenStore,
} from '@jitkit/core';
import { DepartmentApi } from './api/departments.js';
import { LoginApi } from './api/login.js';
import { RoleApi } from './api/roles.js';
import { UserApi } from './api/users.js';
import { classifyLegacy, classifyV1, type Outcome } from './outcome.js';
import { Pacer } from './pacer.js';
import { protocolError } from './errors.js';

export const DINGTALK_OAPI_BASE = 'https://oapi.dingtalk.com';
export const DINGTALK_API_BASE = 'https://api.dingtalk.com';

export interface DingTalkClientOptions {
  appKey: string;
  appSecret: string | Secret;
  /** The organisation's corpId (login checks it; not needed to read contacts). */
  corpId?: string;
  /** The legacy family's host (default https://oapi.dingtalk.com). */
  apiBaseUrl?: string;
  /** The v1.0 family's host (default https://api.dingtalk.com). */
  apiV1BaseUrl?: string;
  dispatcher?: Dispatcher;
  /** Shares tokens between processes; default in memory. */
  tokenStore?: TokenStore;
  /** Calls in flight at once (default 64: enough to use 20 QPS on several APIs at 50 ms or more per call). */
  maxInFlight?: number;
  /** Calls per second per API (DingTalk allows 20 per app per API); false turns the limit off. */
  qps?: number | false;
  /**
   * Calls are spaced evenly, this share slower than `qps` (default 0.1): DingTalk counts arrivals,
   * and network jitter up to about 100 ms then never pushes a second over the limit.
   */
  qpsMargin?: number;
  retry?: Partial<RetryPolicy>;
  /** On a throttle answer (90018, 90002): wait this long (DingTalk says 1 s), at most `maxWaits` times per call. */
  throttle?: { waitMs?: number; maxWaits?: number };
  timeoutMs?: number;
  tokenRefreshMarginMs?: number;
  clock?: Clock;
  logger?: Logger;
  random?: () => number;
}

export interface DingTalkStats {
  requests: number;
  byApi: Record<string, number>;
  retries: number;
  tokenRefreshes: number;
  throttleWaits: number;
  readonly tokenFetches: number;
}

interface Request {
  /** The API's name in errors, limits and stats: `v2/user/list`, `v1.0/oauth2/userAccessToken`. */
  api: string;
  url: string;
  method: 'GET' | 'POST';
  body?: unknown;
  /** Safe to send twice: retried after network faults, 5xx and garbled answers. */
  idempotent: boolean;
  /** How the app token goes along: in the query (legacy), a header (v1.0), or not at all. */
  token: 'query' | 'header' | 'none';
  /** A user access token for v1.0 calls on behalf of a person (login). */
  userToken?: string;
  family: 'legacy' | 'v1';
}

/**
 * A DingTalk server-API client for an internal app. Both families go through one path: the
 * per-API QPS limit (waiting, so 90018 is not met in a normal sync), a cap on calls in flight,
 * a cached token (refreshed once on 40014/40001/42001/41001, bare or as errcode 88's sub_code,
 * and on v1.0's InvalidAuthentication), retries with backoff for transient faults (-1, 5xx,
 * network, garbled answers), a wait on throttling, and schema checks of every answer. Errors
 * name the API, never the token or the secret.
 */
export class DingTalkClient {
  readonly appKey: string;
  readonly corpId?: string;
  readonly apiBaseUrl: string;
  readonly apiV1BaseUrl: string;
  readonly departments = new DepartmentApi(this);
  readonly users = new UserApi(this);
  readonly roles = new RoleApi(this);
  readonly login = new LoginApi(this, () => revealSecret(this.secret));
  readonly stats: DingTalkStats;

  private readonly secret: string | Secret;
  private readonly dispatcher: Dispatcher;
  private readonly ownsDispatcher: boolean;
  private readonly slots: Semaphore;
  private readonly retry: RetryPolicy;
  private readonly qps: number | false;
  private readonly throttleWaitMs: number;
  private readonly maxThrottleWaits: number;
  private readonly timeoutMs: number;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly logger?: Logger;
  private readonly pacers = new Map<string, Pacer>();
  private readonly qpsMargin: number;
  private readonly blockedUntil = new Map<string, number>();
  private readonly token: CachedValue;

  constructor(options: DingTalkClientOptions) {
    if (!options.appKey) throw new TypeError('DingTalkClient needs an appKey');
    if (!revealSecret(options.appSecret)) throw new TypeError('DingTalkClient needs an appSecret');
    this.appKey = options.appKey;
    this.corpId = options.corpId;
    this.secret = options.appSecret;
    registerSecret(revealSecret(options.appSecret));
    this.apiBaseUrl = (options.apiBaseUrl ?? DINGTALK_OAPI_BASE).replace(/\/+$/, '');
    this.apiV1BaseUrl = (options.apiV1BaseUrl ?? DINGTALK_API_BASE).replace(/\/+$/, '');
    this.ownsDispatcher = !options.dispatcher;
    this.dispatcher = options.dispatcher ?? new Agent({ keepAliveTimeout: 30_000, connections: 128 });
    this.slots = new Semaphore(options.maxInFlight ?? 64);
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.qps = options.qps ?? 20;
    this.qpsMargin = options.qpsMargin ?? 0.1;
    this.throttleWaitMs = options.throttle?.waitMs ?? 1_000;
    this.maxThrottleWaits = options.throttle?.maxWaits ?? 5;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.logger = options.logger;
    const secretHash = createHash('sha256').update(revealSecret(options.appSecret)).digest('hex').slice(0, 16);
    this.token = new CachedValue({
      key: `dingtalk-token:${this.appKey}:${secretHash}`,
      store: options.tokenStore ?? new MemoryTokenStore(),
      clock: this.clock,
      marginMs: options.tokenRefreshMarginMs ?? 300_000,
      fetch: async () => {
        const r = await this.fetchToken();
        return { value: r.access_token, expiresInSeconds: r.expires_in };
      },
    });
    const token = this.token;
    this.stats = {
      requests: 0,
      byApi: {},
      retries: 0,
      tokenRefreshes: 0,
      throttleWaits: 0,
      get tokenFetches() {
        return token.fetches;
      },
    };
  }

  private async fetchToken(): Promise<{ access_token: string; expires_in: number }> {
    const q = new URLSearchParams({ appkey: this.appKey, appsecret: revealSecret(this.secret) });
    const r = await this.execute<{ access_token: string; expires_in: number }>({
      api: 'gettoken',
      url: `${this.apiBaseUrl}/gettoken?${q}`,
      method: 'GET',
      idempotent: true,
      token: 'none',
      family: 'legacy',
    });
    registerSecret(r.access_token);
    return r;
  }

  /** Asks DingTalk for a token now, bypassing every cache: do the appKey and appSecret work? (40096 if not) */
  async checkCredentials(): Promise<void> {
    await this.fetchToken();
  }

  /** The app's access token (cached); for APIs this client has no method for. */
  accessToken(): Promise<string> {
    return this.token.get();
  }

  /** A legacy `POST /topapi/<api>` call; the answer is checked and returned whole (payload under `result`). */
  topapi<T>(api: string, body: unknown, options: { idempotent?: boolean } = {}): Promise<T> {
    return this.execute<T>({
      api,
      url: `${this.apiBaseUrl}/topapi/${api}`,
      method: 'POST',
      body,
      idempotent: options.idempotent ?? true,
      token: 'query',
      family: 'legacy',
    });
  }

  /** A v1.0 call (`path` without the leading `v1.0/`); the app token goes in the header unless `auth` says otherwise. */
  v1<T>(
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
    options: { idempotent?: boolean; auth?: 'app' | 'none'; userToken?: string } = {},
  ): Promise<T> {
    const auth = options.userToken ? 'none' : (options.auth ?? 'app');
    return this.execute<T>({
      api: `v1.0/${path}`,
      url: `${this.apiV1BaseUrl}/v1.0/${path}`,
      method,
      body,
      idempotent: options.idempotent ?? method === 'GET',
      token: auth === 'app' ? 'header' : 'none',
      userToken: options.userToken,
      family: 'v1',
    });
  }

  private async execute<T>(req: Request): Promise<T> {
    let transientTries = 0;
    let refreshed = false;
    let throttleWaits = 0;
    for (;;) {
      await this.waitForBudget(req.api);
      const token = req.token === 'none' ? undefined : await this.token.get();
      const release = await this.slots.acquire();
      let outcome: Outcome;
      try {
        outcome = await this.attempt(req, token);
      } finally {
        release();
      }
      switch (outcome.kind) {
        case 'ok':
          return outcome.body as T;
        case 'token':
          if (refreshed || token === undefined) throw outcome.error;
          refreshed = true;
          this.stats.tokenRefreshes++;
          await this.token.invalidate(token);
          continue;
        case 'transient':
          if (++transientTries >= this.retry.attempts) throw outcome.error;
          this.stats.retries++;
          this.logger?.debug('DingTalk call failed, retrying', { api: req.api, try: transientTries, error: outcome.error.message });
          await this.clock.sleep(backoffDelay(this.retry, transientTries, this.random));
          continue;
        case 'throttle':
          if (throttleWaits++ >= this.maxThrottleWaits) throw outcome.error;
          this.stats.throttleWaits++;
          this.blockedUntil.set(req.api, this.clock.now() + (outcome.waitMs ?? this.throttleWaitMs));
          this.logger?.warn('DingTalk throttled a call; waiting', { api: req.api, waitMs: outcome.waitMs ?? this.throttleWaitMs });
          continue;
        case 'fatal':
          throw outcome.error;
      }
    }
  }

  private async waitForBudget(api: string): Promise<void> {
    for (;;) {
      let wait = (this.blockedUntil.get(api) ?? 0) - this.clock.now();
      let p: Pacer | undefined;
      if (this.qps) {
        p = this.pacers.get(api);
        if (!p) this.pacers.set(api, (p = new Pacer((1_000 / this.qps) * (1 + this.qpsMargin), this.clock)));
        wait = Math.max(wait, p.delay());
      }
      if (wait <= 0) {
        p?.take();
        return;
      }
      await this.clock.sleep(wait);
    }
  }

  private async attempt(req: Request, token: string | undefined): Promise<Outcome> {
    this.stats.requests++;
    this.stats.byApi[req.api] = (this.stats.byApi[req.api] ?? 0) + 1;
    const url =
      req.token === 'query' ? `${req.url}${req.url.includes('?') ? '&' : '?'}access_token=${encodeURIComponent(token!)}` : req.url;
    const headers: Record<string, string> = {};
    if (req.token === 'header') headers['x-acs-dingtalk-access-token'] = token!;
    if (req.userToken) headers['x-acs-dingtalk-access-token'] = req.userToken;
    let answer;
    try {
      answer = await send(
        this.dispatcher,
        url,
        req.method,
        req.body === undefined ? undefined : JSON.stringify(req.body),
        this.timeoutMs,
        headers,
      );
    } catch (err) {
      if (!(err instanceof NetworkError)) throw err;
      const base = req.family === 'legacy' ? this.apiBaseUrl : this.apiV1BaseUrl;
      const error = err.notSent
        ? new JitError(
            'DINGTALK_UNREACHABLE',
            `DingTalk ${req.api}: cannot reach ${base} (${err.code}); check the network and ${req.family === 'legacy' ? 'apiBaseUrl' : 'apiV1BaseUrl'} in the corp's config`,
            { api: req.api, url: base, network: err.code },
          )
        : protocolError(req.api, `network error (${err.code})`, { network: err.code });
      return { kind: req.idempotent || err.notSent ? 'transient' : 'fatal', error };
    }
    return req.family === 'legacy' ? classifyLegacy(req.api, answer, req.idempotent) : classifyV1(req.api, answer, req.idempotent);
  }

  async close(): Promise<void> {
    if (this.ownsDispatcher) await this.dispatcher.close();
  }
}
