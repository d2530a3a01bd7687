import { HTTP_DISPATCHER, JitError, revealSecret, type Secret } from '@jitkit/core';
import {
  configFileOfDir,
  Corp,
  DbTokenStore,
  type AdmittedMember,
  type CorpRoutes,
  type EventScope,
  type ReadBudget,
  type DiagnoseOptions,
  type RouteContext,
  type Diagnosis,
  type SyncSource,
  type UpstreamDept,
  type UpstreamMember,
  type UpstreamOrg,
} from '@jitkit/corps';
import {
  buildAuthorizeUrl,
  buildQrLoginUrl,
  CallbackCrypto,
  readOrganization,
  WeComClient,
  type ContactEvent,
  type SignedQuery,
  type WeComDepartment,
  type WeComMember,
} from '@jitkit/wecom';
import type { FastifyInstance } from 'fastify';
import { diagnoseWeCom } from './diagnose.js';
import { callbackRoutes } from './serve/callback-routes.js';
import { weComLoginUserid } from './login.js';
import { scopeOfEvents } from './realtime/event-scope.js';
import { checkFreshness, readCallback, type ReceiveOptions, type Received } from './realtime/receive.js';
import { deptFromWeCom, memberFromWeCom, tagFromWeCom, WECOM_LEFT, WECOM_MEMBER_SOURCE, weComMemberRecord } from './mapping.js';
import { WeComSyncSource } from './wecom-source.js';
import { weComReadBudget } from './realtime/read-budget.js';

/** The instance config (`<Name>.json`), validated by corps/QywxInnerType/config.schema.json. */
export interface QywxInnerConfig {
  corpId: string;
  agentId: string;
  secret: Secret;
  contactSecret?: Secret;
  apiBaseUrl?: string;
  oauthBaseUrl?: string;
  qrLoginBaseUrl?: string;
  token?: Secret;
  encodingAESKey?: Secret;
  sync?: {
    guardShare?: number;
    lockWait?: boolean;
    lockTimeoutMs?: number;
    leaseMs?: number;
    maxInFlight?: number;
    requestTimeoutMs?: number;
    retries?: number;
    rateLimitWaitMs?: number;
    tags?: boolean;
    schedule?: string;
  };
}

/** What getThirdCorpData returns: the app's visible org, keyed by WeCom ids. */
export interface ThirdCorpData {
  corpId: string;
  agentId: string;
  /** WeCom members by userid. */
  userDict: Record<string, WeComMember>;
  /** WeCom departments by id. */
  deptDict: Record<string, WeComDepartment>;
  /** WeCom tags by tagid, with their members (userids) and departments. */
  tagDict: Record<string, { tagid: number; tagname: string; userList: string[]; partyList: number[] }>;
  fetchedAt: number;
}

/**
 * corps.QywxInnerType: a WeCom self-built app. Its members, departments and tags are synced
 * into the app's user pool. Subclass it (or override the element) to change how WeCom data
 * maps to the pool: override `mapMember` / `mapDepartment`.
 */
export class QywxInnerType extends Corp {
  static override readonly memberSource = WECOM_MEMBER_SOURCE;
  private client?: WeComClient;
  private crypto?: CallbackCrypto;

  protected get settings(): QywxInnerConfig {
    return this.config as unknown as QywxInnerConfig;
  }

  /** WeCom's root department is always 1. */
  protected override get rootDeptId(): string {
    return '1';
  }

  protected override get externalCorpId(): string {
    return this.settings.corpId;
  }

  /** corpId, agentId and where the API is; never the secret, token or key. */
  get authConfig(): Readonly<Record<string, unknown>> {
    const s = this.settings;
    return Object.freeze({
      corpId: s.corpId,
      agentId: s.agentId,
      apiBaseUrl: s.apiBaseUrl ?? 'https://qyapi.weixin.qq.com',
      ...(s.oauthBaseUrl ? { oauthBaseUrl: s.oauthBaseUrl } : {}),
      ...(s.qrLoginBaseUrl ? { qrLoginBaseUrl: s.qrLoginBaseUrl } : {}),
      callbackConfigured: Boolean(s.token && s.encodingAESKey),
    });
  }

  /** The WeCom client of this corp (one per instance); its token is shared through the app database. */
  getClient(): WeComClient {
    this.client ??= new WeComClient({
      corpId: this.settings.corpId,
      secret: this.settings.secret,
      baseUrl: this.settings.apiBaseUrl,
      dispatcher: this.inject(HTTP_DISPATCHER),
      tokenStore: new DbTokenStore(this.store),
      maxInFlight: this.settings.sync?.maxInFlight,
      timeoutMs: this.settings.sync?.requestTimeoutMs,
      retry: this.settings.sync?.retries ? { attempts: this.settings.sync.retries } : undefined,
      freqLimit: this.settings.sync?.rateLimitWaitMs !== undefined ? { waitMs: this.settings.sync.rateLimitWaitMs } : undefined,
      clock: this.clock,
      logger: this.logger,
    });
    return this.client;
  }

  /**
   * How a WeCom member becomes a pool member: the default mapping, then the config's `mapping`.
   * Override to map fields your own way (call super first to keep both).
   */
  protected mapMember(m: WeComMember): UpstreamMember {
    return this.mapWithConfig(memberFromWeCom(m), () => weComMemberRecord(m));
  }

  protected mapDepartment(d: WeComDepartment): UpstreamDept {
    return deptFromWeCom(d);
  }

  protected override createSyncSource(): SyncSource {
    return new WeComSyncSource(
      this.getClient(),
      { member: (m) => this.mapMember(m), dept: (d) => this.mapDepartment(d) },
      { tags: this.settings.sync?.tags ?? true },
    );
  }

  /** The app's visible org in WeCom: `userDict` and `deptDict` keyed by WeCom id, and `tagDict`. */
  async getThirdCorpData(): Promise<ThirdCorpData> {
    const client = this.getClient();
    const org = await readOrganization(client, { tags: this.settings.sync?.tags ?? true });
    return {
      corpId: this.settings.corpId,
      agentId: this.settings.agentId,
      userDict: Object.fromEntries(org.members),
      deptDict: Object.fromEntries(org.departments.map((d) => [String(d.id), d])),
      tagDict: Object.fromEntries(
        org.tags.map((t) => [String(t.tagid), { tagid: t.tagid, tagname: t.tagname, userList: t.userids, partyList: t.partyIds }]),
      ),
      fetchedAt: this.clock.now(),
    };
  }

  // ---- realtime: WeCom callbacks ---------------------------------------------------------------

  /** Whether the config has the callback token and EncodingAESKey. */
  get callbacksConfigured(): boolean {
    return Boolean(this.settings.token && this.settings.encodingAESKey);
  }

  /** The callback crypto (token + EncodingAESKey of the config, receiveid = corpId). */
  callbackCrypto(): CallbackCrypto {
    if (!this.callbacksConfigured)
      throw new JitError('CALLBACK_NOT_CONFIGURED', `${this.fullName} has no callback token and encodingAESKey in its config`);
    this.crypto ??= new CallbackCrypto({
      token: revealSecret(this.settings.token!),
      encodingAESKey: revealSecret(this.settings.encodingAESKey!),
      receiveId: this.settings.corpId,
    });
    return this.crypto;
  }

  /** WeCom's URL check (GET): the decrypted echostr, to be answered as is. Same replay window as POST. */
  verifyCallbackUrl(query: SignedQuery & { echostr: string }, options: ReceiveOptions = {}): string {
    const crypto = this.callbackCrypto();
    checkFreshness(this.clock, query.timestamp, options.maxSkewSeconds);
    return crypto.verifyUrl(query);
  }

  /**
   * A POSTed callback: verified, decrypted, parsed and queued (de-duplicated). Answer WeCom as
   * soon as this resolves; the event is applied in the background (startRealtime) or by
   * applyPendingEvents().
   */
  async receiveCallback(query: SignedQuery, body: string, options: ReceiveOptions = {}): Promise<Received> {
    const { event, delivery } = readCallback(this.callbackCrypto(), this.clock, query, body, options);
    return { status: await this.queueDelivery(delivery), event };
  }

  /** A batch of change_contact events -> the members, departments and tags to re-read (user/get, department/get, tag/get). */
  protected override scopeOfEvents(payloads: Record<string, unknown>[]): EventScope {
    return scopeOfEvents(payloads as unknown as ContactEvent[]);
  }

  /** Event batches re-read members with user/get and user/list: their minute budgets (realtime/read-budget.ts). */
  protected override eventReadBudget(): ReadBudget {
    return weComReadBudget(this.getClient());
  }

  /**
   * What `jitkit serve` serves for this corp beyond login: the callback URL, when the config has
   * a token and key (checked here, at start: an unset variable stops serve), and the event
   * applier that drains what it queues.
   */
  routes(ctx: RouteContext): CorpRoutes | undefined {
    if (!this.callbacksConfigured) return undefined;
    this.callbackCrypto();
    return {
      plugin: (fastify) => callbackRoutes(fastify as FastifyInstance, this, ctx),
      describe: [
        { label: 'callback', path: `/wecom/callback/${ctx.name}`, note: 'set this URL, the Token and the EncodingAESKey in WeCom' },
      ],
      start: () => void this.startRealtime(ctx.realtime),
    };
  }

  // ---- member login ---------------------------------------------------------------------------

  /** Where to send a browser to log in: the in-app OAuth URL, or the QR login URL (`qr: true`). */
  loginUrl(options: { redirectUri: string; state: string; qr?: boolean; privateInfo?: boolean }): string {
    const s = this.settings;
    return options.qr
      ? buildQrLoginUrl({
          corpId: s.corpId,
          agentId: s.agentId,
          redirectUri: options.redirectUri,
          state: options.state,
          baseUrl: s.qrLoginBaseUrl,
        })
      : buildAuthorizeUrl({
          corpId: s.corpId,
          agentId: s.agentId,
          redirectUri: options.redirectUri,
          state: options.state,
          scope: options.privateInfo ? 'snsapi_privateinfo' : 'snsapi_base',
          baseUrl: s.oauthBaseUrl,
        });
  }

  /** The code WeCom redirected back with -> the member; AUTH_FAILED for non-members, resigned or disabled members. */
  async completeLogin(code: string): Promise<AdmittedMember> {
    return this.admitLogin(await weComLoginUserid(this.getClient(), code), 'WeCom');
  }

  /** `jitkit doctor`: credentials, reachability, visible range, contact fields, callbacks and login. */
  async diagnose(options: DiagnoseOptions = {}): Promise<Diagnosis[]> {
    const s = this.settings;
    return diagnoseWeCom(
      {
        fullName: this.fullName,
        configFile: configFileOfDir(this.define.dir),
        corpId: s.corpId,
        apiBaseUrl: String(this.authConfig.apiBaseUrl),
        secret: s.secret,
        token: s.token,
        encodingAESKey: s.encodingAESKey,
        client: () => this.getClient(),
      },
      options,
    );
  }

  /** Sessions and login states are signed with keys derived from the app secret (unless JITKIT_SESSION_SECRET is set). */
  protected override sessionSecret(): string {
    return revealSecret(this.settings.secret);
  }

  protected override upstreamFromCorpData(corpData: object): UpstreamOrg {
    const { userDict, deptDict, tagDict } = corpData as Partial<ThirdCorpData>;
    const isDict = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v);
    if (!isDict(userDict) || !isDict(deptDict))
      throw new JitError('INVALID_ARGUMENT', 'bulkRegister: corpData needs userDict and deptDict (the dict getThirdCorpData returns)', {
        method: 'bulkRegister',
      });
    for (const [key, m] of Object.entries(userDict!)) {
      if (!m || typeof m.userid !== 'string' || typeof m.name !== 'string' || !Array.isArray(m.department))
        throw new JitError('INVALID_ARGUMENT', `bulkRegister: userDict['${key}'] is not a WeCom member (userid, name, department)`, {
          method: 'bulkRegister',
          key,
        });
    }
    for (const [key, d] of Object.entries(deptDict!)) {
      if (!d || typeof d.id !== 'number' || typeof d.name !== 'string' || typeof d.parentid !== 'number')
        throw new JitError('INVALID_ARGUMENT', `bulkRegister: deptDict['${key}'] is not a WeCom department (id, name, parentid)`, {
          method: 'bulkRegister',
          key,
        });
    }
    return {
      depts: Object.values(deptDict!).map((d) => this.mapDepartment(d)),
      members: Object.values(userDict!)
        .filter((m) => (m.status ?? 1) !== WECOM_LEFT)
        .map((m) => this.mapMember(m)),
      tags: Object.values(tagDict ?? {}).map((t) =>
        tagFromWeCom({ tagid: t.tagid, tagname: t.tagname, userids: t.userList ?? [], partyIds: t.partyList ?? [] }),
      ),
    };
  }
}
