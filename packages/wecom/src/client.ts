import { createHash } from 'node:crypto';
import { Agent, type Dispatcher } from 'undici';
import {
  backoffDelay,
  CachedValue,
  DEFAULT_RETRY,
  JitError,
  MemoryTokenStore,
  NetworkError,
  RateWindow,
  registerSecret,
  revealSecret,
  AdaptiveLimit,
  send,
  systemClock,
  type Clock,
  type Logger,
  type RetryPolicy,
  type Secret,
  type TokenStore,
} from '@jitkit/core';
import { protocolError, WeComApiError } from './errors.js';
import { checkEnvelope, checkPayload } from './schemas.js';
import { DepartmentApi } from './api/departments.js';
import { UserApi } from './api/users.js';
import { TagApi } from './api/tags.js';
import { AuthApi } from './api/auth.js';
import { TicketApi } from './api/tickets.js';

export const WECOM_API_BASE = 'https://qyapi.weixin.qq.com';

/** Codes meaning "this token is no good": drop it, fetch a new one, try once more. */
const TOKEN_CODES = new Set([40014, 42001, 40001, 41001]);
/** Codes meaning "busy, try again": system busy, too many calls in flight. */
const BUSY_CODES = new Set([-1, 45033]);
const FREQ_LIMIT = 45009;
/** 5,000 department reads at 50 ms each take 4 s at 64 in flight; WeCom's emulator answers 45033 past 200. */
const DEFAULT_IN_FLIGHT = 64;
const isBusy = (o: Outcome | undefined) => o?.kind === 'transient' && o.error instanceof WeComApiError && o.error.errcode === 45033;

export interface WeComClientOptions {
  corpId: string;
  secret: string | Secret;
  /** Default https://qyapi.weixin.qq.com; tests and the demo point it at the emulator. */
  baseUrl?: string;
  /** A keep-alive connection pool to share; without one the client makes its own (closed by close()). */
  dispatcher?: Dispatcher;
  /** Shares tokens between processes; default in memory. */
  tokenStore?: TokenStore;
  /**
   * Calls in flight at most (default 64). WeCom publishes no number, only 45033 when there are
   * too many: the client halves its limit on 45033 and climbs back as calls succeed.
   */
  maxInFlight?: number;
  /** Per-API budget kept below WeCom's 10,000/min and 150,000/hour; false turns it off. */
  rateLimit?: { perMinute?: number; perHour?: number } | false;
  retry?: Partial<RetryPolicy>;
  /** On 45009: wait this long for the block to pass (WeCom blocks 60 s), at most `maxWaits` times. */
  freqLimit?: { waitMs?: number; maxWaits?: number };
  /** Per request, for headers and for the body (default 10 s). */
  timeoutMs?: number;
  /** Fetch a new token this long before the current one expires (default 5 min). */
  tokenRefreshMarginMs?: number;
  clock?: Clock;
  logger?: Logger;
  random?: () => number;
}

export interface ApiSpec {
  name: string;
  method: 'GET' | 'POST';
  /** Safe to send twice (reads): retried after network faults, 5xx and garbled answers. */
  idempotent: boolean;
  /** False only for gettoken. */
  token?: boolean;
}

export interface CallParams {
  query?: Record<string, string | number | undefined>;
  body?: unknown;
}

export interface ClientStats {
  /** HTTP requests sent, retries included. */
  requests: number;
  byApi: Record<string, number>;
  retries: number;
  tokenRefreshes: number;
  freqWaits: number;
  readonly tokenFetches: number;
  /** Calls allowed in flight now, and how often a 45033 lowered it. */
  readonly inFlight: { limit: number; cuts: number };
}

type Outcome = { kind: 'ok'; body: unknown } | { kind: 'token' | 'transient' | 'freq' | 'fatal'; error: Error };

/** One of an API's call limits over a window: what is left of it now, the limit, the window's length. */
export interface BudgetWindow {
  left: number;
  limit: number;
  periodMs: number;
}

/** An API's call budget now (WeComClient.budget). */
export interface ApiBudget {
  /** Calls that fit in every window now. */
  left: number;
  perMinute: number;
  windows: BudgetWindow[];
}

/**
 * A WeCom server-API client. Every call goes through: per-API rate budget, a cap on calls in
 * flight, a cached token (refreshed once on 40014/42001/40001/41001), retries with backoff for
 * transient faults (-1, 45033, 5xx, network, garbled answers), a wait on 45009, and schema
 * checks of the answer. Errors name the API, never the token or the secret.
 */
export class WeComClient {
  readonly corpId: string;
  readonly baseUrl: string;
  readonly departments = new DepartmentApi(this);
  readonly users = new UserApi(this);
  readonly tags = new TagApi(this);
  readonly auth = new AuthApi(this);
  readonly tickets: TicketApi;
  readonly stats: ClientStats;

  private readonly secret: Secret | string;
  private readonly dispatcher: Dispatcher;
  private readonly ownsDispatcher: boolean;
  private readonly slots: AdaptiveLimit;
  private readonly retry: RetryPolicy;
  private readonly freqWaitMs: number;
  private readonly maxFreqWaits: number;
  private readonly timeoutMs: number;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly logger?: Logger;
  private readonly rateLimit: { perMinute: number; perHour: number } | false;
  private readonly windows = new Map<string, [RateWindow, RateWindow]>();
  private readonly blockedUntil = new Map<string, number>();
  private readonly token: CachedValue;

  constructor(options: WeComClientOptions) {
    if (!options.corpId) throw new TypeError('WeComClient needs a corpId');
    if (!revealSecret(options.secret)) throw new TypeError('WeComClient needs a secret');
    this.corpId = options.corpId;
    this.secret = options.secret;
    registerSecret(revealSecret(options.secret));
    this.baseUrl = (options.baseUrl ?? WECOM_API_BASE).replace(/\/+$/, '');
    this.ownsDispatcher = !options.dispatcher;
    this.dispatcher = options.dispatcher ?? new Agent({ keepAliveTimeout: 30_000, connections: 64 });
    this.slots = new AdaptiveLimit(options.maxInFlight ?? DEFAULT_IN_FLIGHT);
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.freqWaitMs = options.freqLimit?.waitMs ?? 61_000;
    this.maxFreqWaits = options.freqLimit?.maxWaits ?? 1;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.logger = options.logger;
    this.rateLimit =
      options.rateLimit === false
        ? false
        : { perMinute: options.rateLimit?.perMinute ?? 9_000, perHour: options.rateLimit?.perHour ?? 140_000 };
    const secretHash = createHash('sha256').update(revealSecret(options.secret)).digest('hex').slice(0, 16);
    this.token = new CachedValue({
      key: `wecom-token:${this.corpId}:${secretHash}`,
      store: options.tokenStore ?? new MemoryTokenStore(),
      clock: this.clock,
      marginMs: options.tokenRefreshMarginMs ?? 300_000,
      fetch: async () => {
        const r = await this.call<{ access_token: string; expires_in: number }>(
          { name: 'gettoken', method: 'GET', idempotent: true, token: false },
          { query: { corpid: this.corpId, corpsecret: revealSecret(this.secret) } },
        );
        registerSecret(r.access_token);
        return { value: r.access_token, expiresInSeconds: r.expires_in };
      },
    });
    this.tickets = new TicketApi(this, this.clock);
    const token = this.token;
    const slots = this.slots;
    this.stats = {
      requests: 0,
      byApi: {},
      retries: 0,
      tokenRefreshes: 0,
      freqWaits: 0,
      get tokenFetches() {
        return token.fetches;
      },
      get inFlight() {
        return slots.current;
      },
    };
  }

  /** Asks WeCom for a new token, bypassing every cache: do the corpId and secret work right now? */
  async checkCredentials(): Promise<void> {
    const r = await this.call<{ access_token: string }>(
      { name: 'gettoken', method: 'GET', idempotent: true, token: false },
      { query: { corpid: this.corpId, corpsecret: revealSecret(this.secret) } },
    );
    registerSecret(r.access_token);
  }

  /** An access token (cached); for APIs this client has no method for. */
  accessToken(): Promise<string> {
    return this.token.get();
  }

  async call<T>(spec: ApiSpec, params: CallParams = {}): Promise<T> {
    let transientTries = 0;
    let refreshed = false;
    let freqWaits = 0;
    for (;;) {
      await this.waitForBudget(spec.name);
      const token = spec.token === false ? undefined : await this.token.get();
      const slot = await this.slots.acquire();
      let outcome: Outcome | undefined;
      try {
        outcome = await this.attempt(spec, params, token);
      } finally {
        slot.release(outcome?.kind === 'ok' ? 'ok' : isBusy(outcome) ? 'busy' : 'other');
      }
      switch (outcome.kind) {
        case 'ok':
          return outcome.body as T;
        case 'token':
          if (refreshed) throw outcome.error;
          refreshed = true;
          this.stats.tokenRefreshes++;
          await this.token.invalidate(token!);
          continue;
        case 'transient':
          if (++transientTries >= this.retry.attempts) throw outcome.error;
          this.stats.retries++;
          this.logger?.debug('WeCom call failed, retrying', { api: spec.name, try: transientTries, error: outcome.error.message });
          await this.clock.sleep(backoffDelay(this.retry, transientTries, this.random));
          continue;
        case 'freq':
          if (freqWaits++ >= this.maxFreqWaits) throw outcome.error;
          this.stats.freqWaits++;
          this.blockedUntil.set(spec.name, this.clock.now() + this.freqWaitMs);
          this.logger?.warn('WeCom rate limit hit (45009); waiting for the block to pass', { api: spec.name, waitMs: this.freqWaitMs });
          continue;
        case 'fatal':
          throw outcome.error;
      }
    }
  }

  /**
   * Calls of `api` (e.g. 'user/get') that fit in its per-minute and per-hour budgets now, without
   * waiting (`left`: what a reader can spend before it would wait), its per-minute limit, and each
   * window on its own (what is left of it, its limit and its length: the minute's, then the
   * hour's). Infinity and no windows when no budget is kept.
   */
  budget(api: string): ApiBudget {
    if (!this.rateLimit) return { left: Infinity, perMinute: Infinity, windows: [] };
    const { perMinute, perHour } = this.rateLimit;
    const blocked = (this.blockedUntil.get(api) ?? 0) > this.clock.now();
    const w = this.windows.get(api);
    const windows: BudgetWindow[] = [
      { left: blocked ? 0 : (w?.[0].left() ?? perMinute), limit: perMinute, periodMs: 60_000 },
      { left: blocked ? 0 : (w?.[1].left() ?? perHour), limit: perHour, periodMs: 3_600_000 },
    ];
    return { left: Math.min(windows[0]!.left, windows[1]!.left), perMinute, windows };
  }

  private async waitForBudget(api: string): Promise<void> {
    for (;;) {
      let wait = (this.blockedUntil.get(api) ?? 0) - this.clock.now();
      let w: [RateWindow, RateWindow] | undefined;
      if (this.rateLimit) {
        w = this.windows.get(api);
        if (!w)
          this.windows.set(
            api,
            (w = [
              new RateWindow(this.rateLimit.perMinute, 60_000, this.clock),
              new RateWindow(this.rateLimit.perHour, 3_600_000, this.clock),
            ]),
          );
        wait = Math.max(wait, w[0].delay(), w[1].delay());
      }
      if (wait <= 0) {
        w?.[0].take();
        w?.[1].take();
        return;
      }
      await this.clock.sleep(wait);
    }
  }

  private url(spec: ApiSpec, query: CallParams['query'], token: string | undefined): string {
    const q = new URLSearchParams();
    if (token !== undefined) q.set('access_token', token);
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) q.set(k, String(v));
    return `${this.baseUrl}/cgi-bin/${spec.name}?${q}`;
  }

  private async attempt(spec: ApiSpec, params: CallParams, token: string | undefined): Promise<Outcome> {
    const api = spec.name;
    this.stats.requests++;
    this.stats.byApi[api] = (this.stats.byApi[api] ?? 0) + 1;
    const retryable = spec.idempotent ? 'transient' : 'fatal';
    let answer;
    try {
      answer = await send(
        this.dispatcher,
        this.url(spec, params.query, token),
        spec.method,
        params.body === undefined ? undefined : JSON.stringify(params.body),
        this.timeoutMs,
      );
    } catch (err) {
      if (!(err instanceof NetworkError)) throw err;
      // Not connected at all: unreachable (a setup problem). Connected, then cut off: the answer is garbled.
      const error = err.notSent
        ? new JitError(
            'WECOM_UNREACHABLE',
            `WeCom ${api}: cannot reach ${this.baseUrl} (${err.code}); check the network and apiBaseUrl in the corp's config`,
            { api, url: this.baseUrl, network: err.code, setting: 'apiBaseUrl' },
          )
        : protocolError(api, `network error (${err.code})`, { network: err.code });
      return { kind: spec.idempotent || err.notSent ? 'transient' : 'fatal', error };
    }
    if (answer.status >= 500) return { kind: retryable, error: protocolError(api, `HTTP ${answer.status}`, { status: answer.status }) };
    if (answer.status !== 200) return { kind: 'fatal', error: protocolError(api, `HTTP ${answer.status}`, { status: answer.status }) };
    let body: unknown;
    try {
      body = JSON.parse(answer.text);
    } catch {
      return { kind: retryable, error: protocolError(api, 'the answer is not JSON (garbled or cut short)') };
    }
    try {
      checkEnvelope(api, body);
    } catch (err) {
      return { kind: 'fatal', error: err as Error };
    }
    const { errcode, errmsg = '' } = body;
    if (errcode === 0) {
      try {
        checkPayload(api, body);
      } catch (err) {
        return { kind: 'fatal', error: err as Error };
      }
      return { kind: 'ok', body };
    }
    const error = new WeComApiError(api, errcode, errmsg);
    if (TOKEN_CODES.has(errcode) && token !== undefined) return { kind: 'token', error };
    if (BUSY_CODES.has(errcode)) return { kind: 'transient', error };
    if (errcode === FREQ_LIMIT) return { kind: 'freq', error };
    return { kind: 'fatal', error };
  }

  /** Closes the connection pool if the client created it. */
  async close(): Promise<void> {
    if (this.ownsDispatcher) await this.dispatcher.close();
  }
}
