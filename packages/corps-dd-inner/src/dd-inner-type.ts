import { randomUUID } from 'node:crypto';
import { HTTP_DISPATCHER, JitError, revealSecret, type Secret } from '@jitkit/core';
import {
  configFileOfDir,
  Corp,
  DbTokenStore,
  loginRefused,
  type DiagnoseOptions,
  type Diagnosis,
  type AdmittedMember,
  type CorpRoutes,
  type DeliveryStatus,
  type EventScope,
  type RouteContext,
  type SyncSource,
  type UpstreamDept,
  type UpstreamMember,
  type UpstreamOrg,
} from '@jitkit/corps';
import {
  buildLoginUrl,
  DingTalkApiError,
  DingTalkClient,
  DingTalkCrypto,
  DingTalkStream,
  readDingTalkOrganization,
  type DingTalkDept,
  type DingTalkEvent,
  type DingTalkMember,
  type DingTalkOrgMember,
} from '@jitkit/dingtalk';
import { diagnoseDingTalk } from './diagnose.js';
import { DingTalkSyncSource } from './dingtalk-source.js';
import { DINGTALK_MEMBER_SOURCE, deptFromDingTalk, dingTalkMemberRecord, memberFromDingTalk, roleAsTag } from './mapping.js';
import { scopeOfDingTalkEvents, type DingTalkEventPayload } from './realtime/event-scope.js';
import { deliveryOf, readPush, type PushQuery } from './realtime/receive.js';
import { dingTalkRoutes } from './serve/routes.js';

/** The instance config (`<Name>.json`), validated by corps/DDInnerType/config.schema.json. */
export interface DDInnerConfig {
  corpId: string;
  agentId: string;
  appKey: string;
  appSecret: Secret;
  apiBaseUrl?: string;
  apiV1BaseUrl?: string;
  loginBaseUrl?: string;
  events?: { mode?: 'stream' | 'http'; token?: Secret; aesKey?: Secret };
  sync?: {
    guardShare?: number;
    lockWait?: boolean;
    lockTimeoutMs?: number;
    leaseMs?: number;
    maxInFlight?: number;
    requestTimeoutMs?: number;
    retries?: number;
    qps?: number;
    tags?: boolean;
    schedule?: string;
  };
}

/** What getThirdCorpData returns: the org the app's contact scope shows, keyed by DingTalk ids. */
export interface DingTalkCorpData {
  corpId: string;
  agentId: string;
  userDict: Record<string, DingTalkOrgMember>;
  deptDict: Record<string, DingTalkDept>;
  roleDict: Record<string, { id: number; name: string; groupName: string; userList: string[] }>;
  fetchedAt: number;
}

/**
 * corps.DDInnerType: a DingTalk internal (企业内部) app. Its members, departments and roles are
 * synced into the app's user pool. Subclass it (or override the element) to change how DingTalk
 * data maps to the pool: override `mapMember` / `mapDepartment`.
 */
export class DDInnerType extends Corp {
  static override readonly memberSource = DINGTALK_MEMBER_SOURCE;
  private client?: DingTalkClient;
  private crypto?: DingTalkCrypto;
  private stream?: DingTalkStream;

  protected get settings(): DDInnerConfig {
    return this.config as unknown as DDInnerConfig;
  }

  /** DingTalk's root department is always 1. */
  protected override get rootDeptId(): string {
    return '1';
  }

  protected override get externalCorpId(): string {
    return this.settings.corpId;
  }

  /** corpId, agentId, appKey and the hosts; never the appSecret, token or aes_key. */
  get authConfig(): Readonly<Record<string, unknown>> {
    const s = this.settings;
    return Object.freeze({
      corpId: s.corpId,
      agentId: s.agentId,
      appKey: s.appKey,
      apiBaseUrl: s.apiBaseUrl ?? 'https://oapi.dingtalk.com',
      apiV1BaseUrl: s.apiV1BaseUrl ?? 'https://api.dingtalk.com',
      ...(s.loginBaseUrl ? { loginBaseUrl: s.loginBaseUrl } : {}),
      eventMode: this.eventMode,
    });
  }

  /** How DingTalk delivers this app's events: Stream mode (default) or HTTP push. */
  get eventMode(): 'stream' | 'http' {
    return this.settings.events?.mode ?? 'stream';
  }

  /** The DingTalk client of this corp (one per instance); its token is shared through the app database. */
  getClient(): DingTalkClient {
    const s = this.settings;
    this.client ??= new DingTalkClient({
      appKey: s.appKey,
      appSecret: s.appSecret,
      corpId: s.corpId,
      apiBaseUrl: s.apiBaseUrl,
      apiV1BaseUrl: s.apiV1BaseUrl,
      dispatcher: this.inject(HTTP_DISPATCHER),
      tokenStore: new DbTokenStore(this.store),
      maxInFlight: s.sync?.maxInFlight,
      qps: s.sync?.qps,
      timeoutMs: s.sync?.requestTimeoutMs,
      retry: s.sync?.retries ? { attempts: s.sync.retries } : undefined,
      clock: this.clock,
      logger: this.logger,
    });
    return this.client;
  }

  /**
   * How a DingTalk member becomes a pool member: the default mapping, then the config's
   * `mapping`. Override to map fields your own way (call super first to keep both).
   */
  protected mapMember(m: DingTalkMember): UpstreamMember {
    return this.mapWithConfig(memberFromDingTalk(m), () => dingTalkMemberRecord(m));
  }

  protected mapDepartment(d: DingTalkDept): UpstreamDept {
    return deptFromDingTalk(d);
  }

  protected override createSyncSource(): SyncSource {
    return new DingTalkSyncSource(
      this.getClient(),
      { member: (m) => this.mapMember(m), dept: (d) => this.mapDepartment(d) },
      { roles: this.settings.sync?.tags ?? true },
    );
  }

  /** The org the app can see in DingTalk: `userDict`, `deptDict` and `roleDict`, keyed by DingTalk id. */
  async getThirdCorpData(): Promise<DingTalkCorpData> {
    const org = await readDingTalkOrganization(this.getClient(), { roles: this.settings.sync?.tags ?? true });
    return {
      corpId: this.settings.corpId,
      agentId: this.settings.agentId,
      userDict: Object.fromEntries(org.members),
      deptDict: Object.fromEntries(org.departments.map((d) => [String(d.dept_id), d])),
      roleDict: Object.fromEntries(
        org.roles.map((r) => [String(r.id), { id: r.id, name: r.name, groupName: r.groupName, userList: r.userids }]),
      ),
      fetchedAt: this.clock.now(),
    };
  }

  protected override upstreamFromCorpData(corpData: object): UpstreamOrg {
    const { userDict, deptDict, roleDict } = corpData as Partial<DingTalkCorpData>;
    const isDict = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v);
    const invalid = (message: string, key?: string) =>
      new JitError('INVALID_ARGUMENT', `bulkRegister: ${message}`, { method: 'bulkRegister', ...(key !== undefined ? { key } : {}) });
    if (!isDict(userDict) || !isDict(deptDict)) throw invalid('corpData needs userDict and deptDict (the dict getThirdCorpData returns)');
    for (const [key, m] of Object.entries(userDict!))
      if (!m || typeof m.userid !== 'string' || typeof m.name !== 'string')
        throw invalid(`userDict['${key}'] is not a DingTalk member (userid, name)`, key);
    for (const [key, d] of Object.entries(deptDict!))
      if (!d || typeof d.dept_id !== 'number' || typeof d.name !== 'string')
        throw invalid(`deptDict['${key}'] is not a DingTalk department (dept_id, name)`, key);
    return {
      depts: Object.values(deptDict!).map((d) => this.mapDepartment(d)),
      members: Object.values(userDict!).map((m) => this.mapMember(m)),
      tags: Object.values(roleDict ?? {}).map((r) =>
        roleAsTag({ id: r.id, name: r.name, groupId: 0, groupName: r.groupName, userids: r.userList ?? [] }),
      ),
    };
  }

  // ---- realtime: DingTalk events -------------------------------------------------------------------

  protected override scopeOfEvents(payloads: Record<string, unknown>[]): EventScope {
    return scopeOfDingTalkEvents(payloads as DingTalkEventPayload[]);
  }

  /** HTTP push mode's crypto (the config's token and aes_key; owner key: the appKey). */
  pushCrypto(): DingTalkCrypto {
    const e = this.settings.events;
    if (!e?.token || !e.aesKey)
      throw new JitError(
        'CALLBACK_NOT_CONFIGURED',
        `${this.fullName} has no events.token and events.aesKey in its config (HTTP push mode)`,
      );
    this.crypto ??= new DingTalkCrypto({ token: revealSecret(e.token), aesKey: revealSecret(e.aesKey), ownerKey: this.settings.appKey });
    return this.crypto;
  }

  /**
   * An HTTP push: verified, decrypted, parsed and queued (de-duplicated). Answer with
   * `pushCrypto().reply(...)` once this resolves; contact events are applied in the background.
   */
  async receivePush(
    query: PushQuery,
    body: unknown,
    options: { maxSkewSeconds?: number } = {},
  ): Promise<{ status: DeliveryStatus; event: DingTalkEvent }> {
    const { event, delivery } = readPush(this.pushCrypto(), this.clock, query, body, options.maxSkewSeconds);
    return { status: await this.queueDelivery(delivery), event };
  }

  /**
   * Stream mode: one outbound connection to DingTalk's gateway for this corp (reconnecting with
   * backoff). Each event is ACKed only once it is durably queued; its eventId de-duplicates
   * redeliveries. Stopped when the app closes.
   */
  startStream(): DingTalkStream {
    if (!this.stream) {
      this.stream = new DingTalkStream({
        client: this.getClient(),
        appSecret: this.settings.appSecret,
        logger: this.logger,
        onEvent: async (event) => {
          if (event.corpId && event.corpId !== this.settings.corpId) return; // another organisation's event: nothing to do
          const id = `stream:${event.eventId ?? randomUUID()}`;
          await this.queueDelivery(deliveryOf(event, id, this.clock.now() + 86_400_000, JSON.stringify(event)));
        },
      });
      this.stream.start();
    }
    return this.stream;
  }

  override async onAppExit(): Promise<void> {
    await this.stream?.stop();
    this.stream = undefined;
    await super.onAppExit();
  }

  /** What `jitkit serve` serves for this corp beyond login: the event route (HTTP push) or the Stream connection. */
  routes(ctx: RouteContext): CorpRoutes {
    // Login and the Stream connection need the appSecret, HTTP push its token and key: an unset one stops serve here.
    revealSecret(this.settings.appSecret);
    if (this.eventMode === 'http') this.pushCrypto();
    return dingTalkRoutes(this, ctx);
  }

  // ---- member login ------------------------------------------------------------------------------

  /** Where to send a browser to log in (QR / web login at login.dingtalk.com). */
  loginUrl(options: { redirectUri: string; state: string; qr?: boolean }): string {
    return buildLoginUrl({
      clientId: this.settings.appKey,
      redirectUri: options.redirectUri,
      state: options.state,
      baseUrl: this.settings.loginBaseUrl,
    });
  }

  /** The authCode of a web login -> the member; AUTH_FAILED for a bad code, non-members, inactive, resigned. */
  async completeLogin(code: string): Promise<AdmittedMember> {
    if (typeof code !== 'string' || !code)
      throw loginRefused('invalid-code', 'the login came back without a code (refused or cancelled in DingTalk)');
    const client = this.getClient();
    const userid = await refuseCodes(async () => {
      const { accessToken } = await client.login.userAccessToken(code);
      const me = await client.login.me(accessToken);
      return (await client.users.getByUnionId(me.unionId)).userid;
    });
    return this.admitLogin(userid, 'DingTalk');
  }

  /** In-app (H5) login, `/login/<Corp>/h5?code=`: the code of dd.requestAuthCode -> the member. */
  async completeInAppLogin(code: string): Promise<AdmittedMember> {
    if (typeof code !== 'string' || !code) throw loginRefused('invalid-code', 'the in-app login came without a code');
    const client = this.getClient();
    return this.admitLogin(await refuseCodes(async () => (await client.users.getUserInfo(code)).userid), 'DingTalk');
  }

  /** `jitkit doctor`: credentials, reachability, contact scope, field permissions, events. */
  async diagnose(options: DiagnoseOptions = {}): Promise<Diagnosis[]> {
    const s = this.settings;
    return diagnoseDingTalk(
      {
        fullName: this.fullName,
        configFile: configFileOfDir(this.define.dir),
        corpId: s.corpId,
        appKey: s.appKey,
        apiBaseUrl: String(this.authConfig.apiBaseUrl),
        appSecret: s.appSecret,
        eventMode: this.eventMode,
        token: s.events?.token,
        aesKey: s.events?.aesKey,
        client: () => this.getClient(),
      },
      options,
    );
  }

  /** Sessions and login states are signed with keys derived from the appSecret (unless JITKIT_SESSION_SECRET is set). */
  protected override sessionSecret(): string {
    return revealSecret(this.settings.appSecret);
  }
}

/** DingTalk's answers for a bad code and for a person outside the organisation, as login refusals. */
async function refuseCodes<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (err) {
    if (err instanceof DingTalkApiError) {
      if (err.errcode === 40078 || err.errcode === 'invalidParameter.authCode.notFound')
        throw loginRefused('invalid-code', 'the login code is invalid, already used or expired: log in again');
      if (err.errcode === 60121) throw loginRefused('not-a-member', 'this DingTalk account is not a member of the organisation');
    }
    throw err;
  }
}
